// Compares schema.prisma (via Prisma's own parser, getDMMF) with a migrated database: tables, columns,
// types, nullability, defaults, primary keys, unique constraints, indexes (with Prisma's default names)
// and enums. Returns one readable line per difference; [] means no drift.
import { getDMMF } from "@prisma/get-dmmf";
import pg from "pg";

type Column = { type: string; notNull: boolean; default: string | null };
type Index = { kind: "id" | "unique" | "normal"; columns: string[]; name: string };
type ForeignKey = { name: string; columns: string[]; references: string; onDelete: string; onUpdate: string };
type Table = { columns: Map<string, Column>; indexes: Index[]; foreignKeys: ForeignKey[] };
export type SchemaShape = { tables: Map<string, Table>; enums: Map<string, string[]> };

// Indexes only SQL can express (partial, expression). Listed here with the reason they exist.
export const SQL_ONLY_INDEXES = new Set<string>([
  "replay_items_waiting_idx", // partial (state = 'waiting'): a replay's next items without its finished ones
  "replay_items_scheduled_idx", // partial (state = 'scheduled'): the tick's backlog, and lost jobs for the sweeper
]);

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
  relationFromFields?: string[]; relationToFields?: string[]; relationOnDelete?: string; relationOnUpdate?: string;
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
  const modelByName = new Map(datamodel.models.map((m) => [m.name, m]));
  const columnsOf = (model: DmmfModel) => new Map(model.fields.map((f) => [f.name, f.dbName ?? f.name]));
  for (const model of datamodel.models) {
    const table = model.dbName ?? model.name;
    const columnOf = columnsOf(model);
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
    const foreignKeys = model.fields
      .filter((f) => f.kind === "object" && f.relationFromFields?.length)
      .map((f): ForeignKey => {
        const target = modelByName.get(f.type)!;
        const targetColumns = columnsOf(target);
        const cols = f.relationFromFields!.map((name) => columnOf.get(name)!);
        return {
          name: `${table}_${cols.join("_")}_fkey`,
          columns: cols,
          references: `${target.dbName ?? target.name}(${f.relationToFields!.map((name) => targetColumns.get(name)).join(", ")})`,
          onDelete: f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull"),
          onUpdate: f.relationOnUpdate ?? "Cascade",
        };
      });
    shape.tables.set(table, { columns, indexes, foreignKeys });
  }
  return shape;
}

const REFERENTIAL_ACTION: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };

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
    const indexes = await client.query<{ table: string; name: string; primary: boolean; unique: boolean; columns: string[]; partial_or_expression: boolean }>(`
      SELECT t.relname AS table, i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique,
             (ix.indpred IS NOT NULL OR ix.indexprs IS NOT NULL) AS partial_or_expression,
             array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
      FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND t.relkind IN ('r', 'p') AND NOT t.relispartition AND t.relname <> '_prisma_migrations'`);
    const foreignKeys = await client.query<{ table: string; name: string; columns: string[]; references: string; on_delete: string; on_update: string }>(`
      SELECT t.relname AS table, con.conname AS name, con.confdeltype AS on_delete, con.confupdtype AS on_update,
             array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
             r.relname || '(' || array_to_string(array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord), ', ') || ')' AS references
      FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE con.contype = 'f' AND n.nspname = 'public' AND NOT t.relispartition AND con.conparentid = 0`);
    const enums = await client.query<{ name: string; values: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`);
    const shape: SchemaShape = { tables: new Map(), enums: new Map(enums.rows.map((e) => [e.name, e.values])) };
    const tableOf = (name: string) => {
      if (!shape.tables.has(name)) shape.tables.set(name, { columns: new Map(), indexes: [], foreignKeys: [] });
      return shape.tables.get(name)!;
    };
    for (const row of columns.rows) {
      tableOf(row.table).columns.set(row.column, { type: row.type, notNull: row.not_null, default: row.default });
    }
    for (const row of indexes.rows) {
      if (SQL_ONLY_INDEXES.has(row.name)) continue;
      const kind = row.primary ? "id" : row.unique ? "unique" : "normal";
      // Prisma cannot express these; unlisted, they must show up as drift rather than pass as plain indexes.
      const name = row.partial_or_expression ? `${row.name} [partial or expression: list it in SQL_ONLY_INDEXES]` : row.name;
      tableOf(row.table).indexes.push({ kind, columns: row.columns, name });
    }
    for (const row of foreignKeys.rows) {
      tableOf(row.table).foreignKeys.push({
        name: row.name,
        columns: row.columns,
        references: row.references,
        onDelete: REFERENTIAL_ACTION[row.on_delete] ?? row.on_delete,
        onUpdate: REFERENTIAL_ACTION[row.on_update] ?? row.on_update,
      });
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
    problems.push(
      ...compareColumns(table, expected.columns, actual.columns),
      ...compareIndexes(table, expected.indexes, actual.indexes),
      ...compareForeignKeys(table, expected.foreignKeys, actual.foreignKeys),
    );
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
  if (Array.isArray(value)) {
    const elements = [...actual.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'"));
    return actual.startsWith("ARRAY[") && JSON.stringify(elements) === JSON.stringify(value.map(String));
  }
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

function compareForeignKeys(table: string, expected: ForeignKey[], actual: ForeignKey[]): string[] {
  const describe = (fk: ForeignKey) => `foreign key ${fk.name} (${fk.columns.join(", ")}) → ${fk.references} on delete ${fk.onDelete} on update ${fk.onUpdate}`;
  const actualKeys = new Set(actual.map(describe));
  const expectedKeys = new Set(expected.map(describe));
  return [
    ...expected.filter((fk) => !actualKeys.has(describe(fk))).map((fk) => `${table}: ${describe(fk)} in schema.prisma, missing from the database`),
    ...actual.filter((fk) => !expectedKeys.has(describe(fk))).map((fk) => `${table}: ${describe(fk)} in the database, missing from schema.prisma`),
  ];
}

export async function schemaDrift(schema: string, databaseUrl: string): Promise<string[]> {
  return compareShapes(shapeFromPrismaSchema(schema), await shapeFromDatabase(databaseUrl));
}
