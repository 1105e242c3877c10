// npm run db:seed — idempotent demo data (npm start seeds automatically only on embedded PostgreSQL).
import { createDb } from "../db/client";
import { seedDemo } from "../db/seed";
import { envOrExit } from "../env";
import { openDatabase, prepareSchema } from "./database";
import { printCredentials } from "./banner";

const say = (line: string) => console.log(`[seed] ${line}`);
const config = envOrExit();
if (config.NODE_ENV === "production" && !process.argv.includes("--force")) {
  console.error("[seed] refusing to create a demo owner with a published password in NODE_ENV=production (add --force if you mean it).");
  process.exit(1);
}
const database = await openDatabase(config, say);
const db = createDb(database.url, 2);
try {
  await prepareSchema(database.url, say);
  const seeded = await seedDemo(db, config.HOOKLINE_DATA_DIR);
  say(seeded.created.length ? `created ${seeded.created.join(", ")}` : "demo data already present");
  printCredentials(seeded);
} finally {
  await db.$disconnect();
  await database.stop();
}
