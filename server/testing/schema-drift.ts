// Compares schema.prisma (via Prisma's own parser, getDMMF) with a migrated database: tables, columns,
// types, nullability, defaults, primary keys, unique constraints, indexes (with Prisma's default names)
// and enums. Returns one readable line per difference; [] means no drift.
import { getDMMF } from "@prisma/get-dmmf";
import pg from "pg";

type Column = { type: string; notNull: boolean; default: string | null };
type Index = { kind: "id" | "unique" | "normal"; columns: string[]; name: string };
export type SchemaShape = {
  tables: Map<string, { columns: Map<string, Column>; indexes: Index[] }>;
  enums: Map<string, string[]>;
};

// Indexes only SQL can express (partial, expression). Listed here with the reason they exist.
export const SQL_ONLY_INDEXES = new Set<string>([]);

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};
const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  Timestamptz: (args) => `timestamp(${args[0] ?? 6}) with time zone`,
  Timestamp: (args) => `timestamp(${args[0] ?? 6}) without time zone`,
  VarChar: (args) => (args[0] ? `character varying(${args[0]})` : "character varying"),
  Uuid: () => "uuid",
  Text: () => "text",
  SmallInt: () => "smallint",
};

type DmmfField = {
  name: string; dbName?: string | null; kind: string; type: string; isList: boolean; isRequired: boolean;
  hasDefaultValue: boolean; default?: unknown; nativeType?: [string, string[]] | null;
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
type DmmfIndex = { model: string; type: string; dbName?: string | null; fields: Array<{ name: string }> };
type DmmfEnum = { name: string; dbName?: string | null; values: Array<{ name: string; dbName?: string | null }> };

export function shapeFromPrismaSchema(schema: string): SchemaShape {
  const dmmf = getDMMF({ datamodel: schema });
  if ("type" in dmmf && "reason" in dmmf) throw new Error(`schema.prisma does not parse: ${dmmf.reason}`);
  const datamodel = (dmmf as unknown as { datamodel: { models: DmmfModel[]; indexes: DmmfIndex[]; enums: DmmfEnum[] } }).datamodel;
  const enumDbName = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const shape: SchemaShape = { tables: new Map(), enums: new Map() };
  for (const e of datamodel.enums) shape.enums.set(e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name));
  for (const model of datamodel.models) {
    const table = model.dbName ?? model.name;
    const columnOf = new Map(model.fields.map((f) => [f.name, f.dbName ?? f.name]));
    const columns = new Map<string, Column>();
    for (const field of model.fields.filter((f) => f.kind !== "object")) {
      const base = field.kind === "enum" ? enumDbName.get(field.type)! : nativeOrScalar(field);
      columns.set(field.dbName ?? field.name, {
        type: field.isList ? `${base}[]` : base,
        notNull: field.isRequired || field.isList, // our migrations make lists NOT NULL
        default: expectedDefault(field),
      });
    }
    const indexes = datamodel.indexes
      .filter((index) => index.model === model.name)
      .map((index): Index => {
        const cols = index.fields.map((f) => columnOf.get(f.name)!);
        const kind = index.type === "id" ? "id" : index.type === "unique" ? "unique" : "normal";
        return { kind, columns: cols, name: index.dbName ?? prismaDefaultIndexName(table, cols, kind) };
      });
    shape.tables.set(table, { columns, indexes });
  }
  return shape;
}

function nativeOrScalar(field: DmmfField): string {
  if (field.nativeType) {
    const [name, args] = field.nativeType;
    const map = NATIVE_TYPES[name];
    if (!map) throw new Error(`drift check does not know native type @db.${name} yet; add it to NATIVE_TYPES`);
    return map(args);
  }
  const type = SCALAR_TYPES[field.type];
  if (!type) throw new Error(`drift check does not know Prisma type ${field.type} yet; add it to SCALAR_TYPES`);
  return type;
}

/** A description of the database default Prisma implies, or null (none, or generated client-side). */
function expectedDefault(field: DmmfField): string | null {
  if (!field.hasDefaultValue) return null;
  const value = field.default;
  if (value && typeof value === "object" && !Array.isArray(value) && "name" in value) {
    const name = (value as { name: string }).name;
    if (["cuid", "uuid", "nanoid", "ulid"].includes(name)) return null;
    return `fn:${name}`;
  }
  return `literal:${JSON.stringify(value)}`;
}

function prismaDefaultIndexName(table: string, columns: string[], kind: Index["kind"]): string {
  if (kind === "id") return `${table}_pkey`;
  return `${table}_${columns.join("_")}_${kind === "unique" ? "key" : "idx"}`;
}

export async function shapeFromDatabase(url: string): Promise<SchemaShape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ table: string; column: string; type: string; not_null: boolean; default: string | null }>(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
             a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations'`);
    const indexes = await client.query<{ table: string; name: string; primary: boolean; unique: boolean; columns: string[] }>(`
      SELECT t.relname AS table, i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique,
             array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
      FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND t.relkind IN ('r', 'p') AND NOT t.relispartition AND t.relname <> '_prisma_migrations'`);
    const enums = await client.query<{ name: string; values: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`);
    const shape: SchemaShape = { tables: new Map(), enums: new Map(enums.rows.map((e) => [e.name, e.values])) };
    const tableOf = (name: string) => {
      if (!shape.tables.has(name)) shape.tables.set(name, { columns: new Map(), indexes: [] });
      return shape.tables.get(name)!;
    };
    for (const row of columns.rows) {
      tableOf(row.table).columns.set(row.column, { type: row.type, notNull: row.not_null, default: row.default });
    }
    for (const row of indexes.rows) {
      if (SQL_ONLY_INDEXES.has(row.name)) continue;
      const kind = row.primary ? "id" : row.unique ? "unique" : "normal";
      tableOf(row.table).indexes.push({ kind, columns: row.columns, name: row.name });
    }
    return shape;
  } finally {
    await client.end();
  }
}

export function compareShapes(schema: SchemaShape, database: SchemaShape): string[] {
  const problems: string[] = [];
  for (const [name, values] of schema.enums) {
    const actual = database.enums.get(name);
    if (!actual) problems.push(`enum ${name}: in schema.prisma, missing from the database`);
    else if (actual.join(",") !== values.join(",")) problems.push(`enum ${name}: schema.prisma has [${values}], the database [${actual}]`);
  }
  for (const name of database.enums.keys()) {
    if (!schema.enums.has(name)) problems.push(`enum ${name}: in the database, missing from schema.prisma`);
  }
  for (const [table, expected] of schema.tables) {
    const actual = database.tables.get(table);
    if (!actual) {
      problems.push(`table ${table}: in schema.prisma, missing from the database`);
      continue;
    }
    problems.push(...compareColumns(table, expected.columns, actual.columns), ...compareIndexes(table, expected.indexes, actual.indexes));
  }
  for (const table of database.tables.keys()) {
    if (!schema.tables.has(table)) problems.push(`table ${table}: in the database, missing from schema.prisma`);
  }
  return problems;
}

function compareColumns(table: string, expected: Map<string, Column>, actual: Map<string, Column>): string[] {
  const problems: string[] = [];
  for (const [name, column] of expected) {
    const found = actual.get(name);
    const where = `${table}.${name}`;
    if (!found) {
      problems.push(`${where}: in schema.prisma, missing from the database`);
      continue;
    }
    if (found.type !== column.type) problems.push(`${where}: type ${column.type} in schema.prisma, ${found.type} in the database`);
    if (found.notNull !== column.notNull) {
      problems.push(`${where}: ${column.notNull ? "required" : "optional"} in schema.prisma, ${found.notNull ? "NOT NULL" : "nullable"} in the database`);
    }
    if (!defaultMatches(column.default, found.default)) {
      problems.push(`${where}: default ${column.default ?? "none"} in schema.prisma, ${found.default ?? "none"} in the database`);
    }
  }
  for (const name of actual.keys()) {
    if (!expected.has(name)) problems.push(`${table}.${name}: in the database, missing from schema.prisma`);
  }
  return problems;
}

function defaultMatches(expected: string | null, actual: string | null): boolean {
  if (expected === null || actual === null) return expected === actual;
  if (expected === "fn:now") return /^(CURRENT_TIMESTAMP|now\(\))/i.test(actual);
  if (expected === "fn:autoincrement") return actual.startsWith("nextval(");
  if (expected.startsWith("fn:dbgenerated")) return true;
  const value: unknown = JSON.parse(expected.slice("literal:".length));
  if (Array.isArray(value)) return actual.startsWith("ARRAY[") && value.every((v) => actual.includes(`'${String(v)}'`));
  if (typeof value === "string") return actual.startsWith(`'${value.replaceAll("'", "''")}'::`);
  return actual.replace(/::[\w ]+$/, "") === String(value);
}

function compareIndexes(table: string, expected: Index[], actual: Index[]): string[] {
  const describe = (i: Index) => `${i.kind === "id" ? "primary key" : i.kind === "unique" ? "unique index" : "index"} ${i.name} (${i.columns.join(", ")})`;
  const key = (i: Index) => `${i.kind}|${i.name}|${i.columns.join(",")}`;
  const actualKeys = new Set(actual.map(key));
  const expectedKeys = new Set(expected.map(key));
  return [
    ...expected.filter((i) => !actualKeys.has(key(i))).map((i) => `${table}: ${describe(i)} in schema.prisma, missing from the database`),
    ...actual.filter((i) => !expectedKeys.has(key(i))).map((i) => `${table}: ${describe(i)} in the database, missing from schema.prisma`),
  ];
}

export async function schemaDrift(schema: string, databaseUrl: string): Promise<string[]> {
  return compareShapes(shapeFromPrismaSchema(schema), await shapeFromDatabase(databaseUrl));
}
