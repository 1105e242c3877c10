// The User-Agent customers see on every delivery: Hookline/<package version>.
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
export const USER_AGENT = `Hookline/${pkg.version}`;
