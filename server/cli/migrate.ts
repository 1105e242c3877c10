// npm run db:migrate — apply pending migrations (to DATABASE_URL, or the embedded database).
import { envOrExit } from "../env";
import { openDatabase, prepareSchema } from "./database";

const say = (line: string) => console.log(`[migrate] ${line}`);
const config = envOrExit();
const database = await openDatabase(config, say);
try {
  await prepareSchema(database.url, say);
} catch (error) {
  console.error(`[migrate] ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.stop();
}
