// Plain SQL over node-postgres for the worker's hot path: set-based statements (unnest, UPDATE …
// FROM) that an ORM would turn into one round trip per row. The `Sql` shape is pg-boss's own
// database interface, so one transaction can hold our writes and pg-boss's job inserts together.
import { createHash } from "node:crypto";
import pg from "pg";
import type { Db as IDatabase } from "pg-boss";

export type Sql = IDatabase;

export type SqlPool = Sql & {
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  end(): Promise<void>;
};

// Statements registered here run as named prepared statements (parsed and planned once per
// connection) instead of being planned on every call: they run many times a second.
const preparedNames = new Map<string, string>();

/** Marks a hot statement for preparation; returns its text unchanged. */
export function prepared(text: string): string {
  preparedNames.set(text, `hl_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`);
  return text;
}

function run(client: pg.Pool | pg.PoolClient, text: string, values: unknown[] | undefined) {
  const name = preparedNames.get(text);
  return name ? client.query({ name, text, values }) : client.query(text, values);
}

export function createSqlPool(connectionString: string, max: number, onError: (error: Error) => void): SqlPool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000, application_name: "hookline-worker-sql" });
  // An idle client's connection dying (PostgreSQL restart, killed backend) is reported here; without
  // a listener node-postgres would crash the process. The pool replaces the client on next use.
  pool.on("error", onError);
  const onErrorDuringTransaction = onError;
  return {
    executeSql: (text, values) => run(pool, text, values),
    async transaction(work) {
      const client = await pool.connect();
      // A checked-out client is not covered by the pool's listener: a connection killed mid-transaction
      // would otherwise be an unhandled 'error' event and take the process down. The failing query
      // rejects anyway, so noting it is enough.
      const onError = (error: Error) => onErrorDuringTransaction(error);
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        const result = await work({ executeSql: (text, values) => run(client, text, values) });
        await client.query("COMMIT");
        client.off("error", onError);
        client.release();
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        client.off("error", onError);
        // The connection may be the thing that failed: discard it rather than return it to the pool.
        client.release(error as Error);
        throw error;
      }
    },
    end: () => pool.end(),
  };
}

/** One array parameter per column, for set-based statements over `unnest($1::text[], $2::…[])`. */
export function columnOf<T, K extends keyof T>(rows: T[], key: K): T[K][] {
  return rows.map((row) => row[key]);
}

/** As columnOf, with each value as JSON text (for `$n::jsonb[]`); null stays null. */
export function jsonColumnOf<T, K extends keyof T>(rows: T[], key: K): (string | null)[] {
  return rows.map((row) => (row[key] === null ? null : JSON.stringify(row[key])));
}
