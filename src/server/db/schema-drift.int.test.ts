// Proves that prisma/schema.prisma and prisma/migrations cannot drift apart silently: a database
// migrated from empty by Atrium's own runner must have exactly the tables, enums, columns, keys,
// indexes and foreign keys that Prisma would create for the schema, nothing missing and nothing more.
// The expected shape comes from Prisma's own reading of the schema (its DMMF); the actual shape comes
// from pg_catalog. Both are rendered the way PostgreSQL prints them (format_type, pg_get_expr), so
// a difference reads like SQL: `User.name: expected text NOT NULL, found text`.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrate } from "~/server/db/migrate";
import type { MigrateResult } from "~/server/db/migrate";
import { createTestDatabase } from "~/test/database";
import type { TestDatabase } from "~/test/database";

const SCHEMA_FILE = path.resolve(MIGRATIONS_DIR, "../schema.prisma");
const INIT_MIGRATION = "20261122000000_init";
/** The one table the schema does not describe: Prisma's (and our runner's) migration bookkeeping. */
const BOOKKEEPING_TABLE = "_prisma_migrations";
/** PostgreSQL's NAMEDATALEN - 1; Prisma truncates default constraint names to fit. */
const MAX_IDENTIFIER_LENGTH = 63;

// ---------------------------------------------------------------------------------------------
// The parts of Prisma's DMMF this test reads.

type Scalar = string | number | boolean;
type DmmfDefault = Scalar | Scalar[] | { name: string; args: Scalar[] };

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  default?: DmmfDefault;
  nativeType?: [string, string[]] | null;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  schema: string | null;
  fields: DmmfField[];
}

interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName?: string | null }[];
}

interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; sortOrder?: "asc" | "desc"; operatorClass?: string; length?: number }[];
}

interface Datamodel {
  enums: DmmfEnum[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
}

async function readDatamodel(): Promise<Datamodel> {
  const schema = await readFile(SCHEMA_FILE, "utf8");
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]] }))) as {
    datamodel: Datamodel;
  };
  return dmmf.datamodel;
}

// ---------------------------------------------------------------------------------------------
// A database shape: every object keyed by identity, with a one-line description to compare.

interface Entry {
  /** Where a problem is reported, e.g. `Workspace.slug`. */
  subject: string;
  /** What is there, e.g. `unique index Workspace_slug_key (slug)`. */
  description: string;
  /** Names the kind of object when it turns up unexpectedly and its description does not say (columns). */
  noun?: string;
}

type Shape = Map<string, Entry>;

function where(table: string, columns: string[]): string {
  return columns.length === 1 ? `${table}.${columns[0]}` : `${table}.(${columns.join(", ")})`;
}

function describeColumn(type: string, notNull: boolean, defaultExpr: string | null): string {
  return `${type}${notNull ? " NOT NULL" : ""}${defaultExpr === null ? "" : ` DEFAULT ${defaultExpr}`}`;
}

function describeIndex(kind: "primary key" | "unique index" | "index", name: string, columns: string[]): string {
  return `${kind} ${name} (${columns.join(", ")})`;
}

function describeForeignKey(name: string, columns: string[], refTable: string, refColumns: string[], onDelete: string, onUpdate: string): string {
  return `foreign key ${name} (${columns.join(", ")}) -> ${refTable}(${refColumns.join(", ")}) ON DELETE ${onDelete} ON UPDATE ${onUpdate}`;
}

/** Both directions: what the schema wants and the database lacks or has differently, then what the database has extra. */
function compareShapes(expected: Shape, actual: Shape): string[] {
  const problems: string[] = [];
  for (const [key, want] of expected) {
    const found = actual.get(key);
    if (!found) problems.push(`${want.subject}: expected ${want.description}, found none`);
    else if (found.description !== want.description) problems.push(`${want.subject}: expected ${want.description}, found ${found.description}`);
  }
  const extras = [...actual].filter(([key]) => !expected.has(key)).sort(([a], [b]) => a.localeCompare(b));
  for (const [, extra] of extras) problems.push(`${extra.subject}: unexpected ${extra.noun ? `${extra.noun} ` : ""}${extra.description}`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The shape Prisma's migration engine would create for the schema (`prisma migrate diff --from-empty`).

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Bytes: "bytea",
};

const withArgs = (type: string, args: string[]) => (args.length > 0 ? `${type}(${args.join(",")})` : type);

const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  Text: () => "text",
  VarChar: (args) => withArgs("character varying", args),
  Char: (args) => withArgs("character", args),
  Uuid: () => "uuid",
  SmallInt: () => "smallint",
  Integer: () => "integer",
  BigInt: () => "bigint",
  Real: () => "real",
  DoublePrecision: () => "double precision",
  Decimal: (args) => withArgs("numeric", args),
  Boolean: () => "boolean",
  Timestamp: (args) => `${withArgs("timestamp", args)} without time zone`,
  Timestamptz: (args) => `${withArgs("timestamp", args)} with time zone`,
  Date: () => "date",
  Json: () => "json",
  JsonB: () => "jsonb",
  ByteA: () => "bytea",
  Inet: () => "inet",
  Citext: () => "citext",
};

/** Defaults Prisma fills in itself, so the column gets none. */
const CLIENT_SIDE_DEFAULTS = new Set(["cuid", "uuid", "nanoid", "ulid"]);

const PG_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

function unsupported(what: string): Error {
  return new Error(`schema-drift.int.test.ts does not know how PostgreSQL renders ${what}; teach expectedShape() about it.`);
}

/** quote_ident, minus its keyword list: enough for the mixed-case names Prisma schemas use. */
function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Prisma's default constraint names (psl ConstraintNames): `<table>_<columns>_<suffix>`, cut to fit 63 bytes. */
function constraintName(table: string, columns: string[], suffix: "pkey" | "key" | "idx" | "fkey"): string {
  return `${[table, ...columns].join("_").slice(0, MAX_IDENTIFIER_LENGTH - suffix.length - 1)}_${suffix}`;
}

/** A number as pg_get_expr prints the constant Prisma writes for it (`DEFAULT 20`, `DEFAULT -1.5`). */
function numberLiteral(text: string): string {
  if (/^-?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n >= 0n && n <= 2147483647n) return text;
    const type = n >= -2147483648n && n <= 2147483647n ? "integer" : n >= -(2n ** 63n) && n < 2n ** 63n ? "bigint" : "numeric";
    return `${quoteLiteral(text)}::${type}`;
  }
  return text.startsWith("-") ? `${quoteLiteral(text)}::numeric` : text;
}

/** jsonb's own text form: keys ordered shortest first then bytewise, `", "` and `": "` separators. */
function jsonbText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${jsonbText(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}

/** Names and lookups shared by the functions below. */
class Names {
  private readonly enums: Map<string, DmmfEnum>;
  private readonly models: Map<string, DmmfModel>;

  constructor(datamodel: Datamodel) {
    this.enums = new Map(datamodel.enums.map((e) => [e.name, e]));
    this.models = new Map(datamodel.models.map((m) => [m.name, m]));
  }

  model(name: string): DmmfModel {
    const model = this.models.get(name);
    if (!model) throw new Error(`schema.prisma has no model ${name}`);
    return model;
  }

  table(model: DmmfModel): string {
    return model.dbName ?? model.name;
  }

  column(model: DmmfModel, fieldName: string): string {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`${model.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  }

  enumType(name: string): string {
    return this.enums.get(name)?.dbName ?? name;
  }

  enumLabel(enumName: string, value: string): string {
    return this.enums.get(enumName)?.values.find((v) => v.name === value)?.dbName ?? value;
  }
}

/** The column's type without the list brackets, as format_type prints it. */
function baseColumnType(names: Names, model: DmmfModel, field: DmmfField): string {
  if (field.kind === "enum") return quoteIdent(names.enumType(field.type));
  if (field.nativeType) {
    const [nativeName, args] = field.nativeType;
    const render = NATIVE_TYPES[nativeName];
    if (!render) throw unsupported(`@db.${nativeName} (${model.name}.${field.name})`);
    return render(args);
  }
  const type = SCALAR_TYPES[field.type];
  if (!type) throw unsupported(`${field.type} columns (${model.name}.${field.name})`);
  return type;
}

/** One literal value of a default, as pg_get_expr prints the constant Prisma writes for it. */
function defaultLiteral(names: Names, model: DmmfModel, field: DmmfField, baseType: string, value: Scalar): string {
  if (field.kind === "enum") return `${quoteLiteral(names.enumLabel(field.type, String(value)))}::${baseType}`;
  const cast = baseType.replace(/\(\d+(,\d+)?\)/, "");
  switch (field.type) {
    case "Boolean":
      return String(value);
    case "Int":
    case "BigInt":
    case "Float":
    case "Decimal":
      return numberLiteral(String(value));
    case "String":
      return `${quoteLiteral(String(value))}::${cast}`;
    case "Json":
      return `${quoteLiteral(cast === "jsonb" ? jsonbText(JSON.parse(String(value))) : String(value))}::${cast}`;
    case "Bytes":
      return `${quoteLiteral(`\\x${Buffer.from(String(value), "base64").toString("hex")}`)}::bytea`;
    default:
      throw unsupported(`a literal ${field.type} default (${model.name}.${field.name})`);
  }
}

/** The column's default as pg_get_expr prints it, or null for none (also for defaults Prisma fills in itself). */
function columnDefault(names: Names, model: DmmfModel, field: DmmfField, baseType: string): string | null {
  const value = field.default;
  if (value === undefined) return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return `ARRAY[]::${baseType}[]`;
    return `ARRAY[${value.map((v) => defaultLiteral(names, model, field, baseType, v)).join(", ")}]`;
  }
  if (typeof value !== "object") return defaultLiteral(names, model, field, baseType, value);
  switch (value.name) {
    case "now":
      return "CURRENT_TIMESTAMP";
    case "autoincrement":
      return `nextval(${quoteLiteral(quoteIdent(sequenceName(names, model, field)))}::regclass)`;
    case "dbgenerated":
      // Compared verbatim, so write the expression the way pg_get_expr prints it.
      if (value.args.length === 0) throw unsupported(`@default(dbgenerated()) without an expression (${model.name}.${field.name})`);
      return String(value.args[0]);
    default:
      if (CLIENT_SIDE_DEFAULTS.has(value.name)) return null;
      throw unsupported(`@default(${value.name}()) (${model.name}.${field.name})`);
  }
}

function sequenceName(names: Names, model: DmmfModel, field: DmmfField): string {
  return `${names.table(model)}_${field.dbName ?? field.name}_seq`;
}

function expectedShape(datamodel: Datamodel): Shape {
  const shape: Shape = new Map();
  const names = new Names(datamodel);

  for (const e of datamodel.enums) {
    const type = names.enumType(e.name);
    const labels = e.values.map((v) => quoteLiteral(v.dbName ?? v.name));
    shape.set(`enum ${type}`, { subject: type, description: `enum (${labels.join(", ")})` });
  }

  for (const model of datamodel.models) {
    if (model.schema) throw unsupported(`models in another schema (${model.name})`);
    const table = names.table(model);
    shape.set(`table ${table}`, { subject: table, description: "table" });

    for (const field of model.fields) {
      if (field.kind === "unsupported") throw unsupported(`Unsupported(...) fields (${model.name}.${field.name})`);
      if (field.kind === "object") continue;
      const column = field.dbName ?? field.name;
      const baseType = baseColumnType(names, model, field);
      const type = field.isList ? `${baseType}[]` : baseType;
      // Prisma writes list columns without NOT NULL, whatever the field's arity.
      const notNull = field.isRequired && !field.isList;
      const defaultExpr = columnDefault(names, model, field, baseType);
      shape.set(`column ${table}.${column}`, { subject: `${table}.${column}`, description: describeColumn(type, notNull, defaultExpr) });
      if (typeof field.default === "object" && !Array.isArray(field.default) && field.default.name === "autoincrement") {
        const sequence = sequenceName(names, model, field);
        shape.set(`sequence ${sequence}`, { subject: sequence, description: "sequence" });
      }
    }

    for (const relation of model.fields) {
      if (relation.kind !== "object") continue;
      const target = names.model(relation.type);
      const from = relation.relationFromFields ?? [];
      if (from.length === 0) {
        // The other side holds the foreign key, unless both sides are lists (a hidden join table).
        const back = target.fields.find((f) => f.relationName === relation.relationName && f !== relation);
        if (relation.isList && back?.isList) throw unsupported(`implicit many-to-many relations (${model.name}.${relation.name})`);
        continue;
      }
      const columns = from.map((f) => names.column(model, f));
      const refColumns = (relation.relationToFields ?? []).map((f) => names.column(target, f));
      const name = constraintName(table, columns, "fkey");
      const onDelete = relation.relationOnDelete ?? (relation.isRequired ? "Restrict" : "SetNull");
      const onUpdate = relation.relationOnUpdate ?? "Cascade";
      shape.set(`foreign key ${table}.${name}`, {
        subject: where(table, columns),
        description: describeForeignKey(name, columns, names.table(target), refColumns, PG_ACTIONS[onDelete] ?? onDelete, PG_ACTIONS[onUpdate] ?? onUpdate),
      });
    }
  }

  for (const index of datamodel.indexes) {
    const model = names.model(index.model);
    if (index.type === "fulltext") throw unsupported(`full-text indexes (${model.name})`);
    const table = names.table(model);
    const columns = index.fields.map((f) => {
      if (f.operatorClass || f.length) throw unsupported(`index operator classes and lengths (${model.name}.${f.name})`);
      return names.column(model, f.name);
    });
    const kind = index.type === "id" ? "primary key" : index.type === "unique" ? "unique index" : "index";
    const name =
      index.dbName ??
      (index.type === "id" ? constraintName(table, [], "pkey") : constraintName(table, columns, index.type === "unique" ? "key" : "idx"));
    const keys = columns.map((c, i) => (index.fields[i]?.sortOrder === "desc" ? `${c} DESC` : c));
    const method = (index.algorithm ?? "BTree").toLowerCase();
    shape.set(`index ${name}`, {
      subject: where(table, columns),
      description: describeIndex(kind, name, keys) + (method === "btree" ? "" : ` USING ${method}`),
    });
  }
  return shape;
}

// ---------------------------------------------------------------------------------------------
// The shape the database actually has, from pg_catalog (current schema only).

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

const RELATION_KINDS: Record<string, string> = {
  r: "table",
  p: "partitioned table",
  v: "view",
  m: "materialized view",
  f: "foreign table",
};

const FK_ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

async function actualShape(client: pg.Client): Promise<Shape> {
  const shape: Shape = new Map();
  const skip = [BOOKKEEPING_TABLE];

  const relations = await client.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind AS kind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relname <> ALL($1)`,
    [skip],
  );
  for (const r of relations.rows) {
    if (r.kind === "S") shape.set(`sequence ${r.name}`, { subject: r.name, description: "sequence" });
    else shape.set(`table ${r.name}`, { subject: r.name, description: RELATION_KINDS[r.kind] ?? `relation of kind ${r.kind}` });
  }

  const enums = await client.query<{ name: string; labels: string[] }>(
    `SELECT t.typname AS name,
            COALESCE(array_agg(e.enumlabel ORDER BY e.enumsortorder) FILTER (WHERE e.enumlabel IS NOT NULL), '{}')::text[] AS labels
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = current_schema() AND t.typtype = 'e'
      GROUP BY t.typname`,
  );
  for (const e of enums.rows) {
    shape.set(`enum ${e.name}`, { subject: e.name, description: `enum (${e.labels.map(quoteLiteral).join(", ")})` });
  }

  const columns = await client.query<{
    table: string;
    column: string;
    type: string;
    not_null: boolean;
    default: string | null;
    identity: string;
    generated: string;
  }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default,
            a.attidentity AS identity, a.attgenerated AS generated
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> ALL($1)
        AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [skip],
  );
  for (const c of columns.rows) {
    let description = describeColumn(c.type, c.not_null, c.generated ? null : c.default);
    if (c.generated) description += ` GENERATED ALWAYS AS (${c.default ?? ""})`;
    if (c.identity) description += ` GENERATED ${c.identity === "a" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`;
    shape.set(`column ${c.table}.${c.column}`, { subject: `${c.table}.${c.column}`, description, noun: "column" });
  }

  const indexes = await client.query<{
    table: string;
    name: string;
    primary: boolean;
    unique: boolean;
    method: string;
    columns: string[];
    keys: string[];
    included: string[];
    predicate: string | null;
  }>(
    `SELECT t.relname AS table, i.relname AS name, x.indisprimary AS primary, x.indisunique AS unique, am.amname AS method,
            ARRAY(SELECT COALESCE(a.attname::text, pg_get_indexdef(x.indexrelid, k.ord::int, true))
                    FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum <> 0
                   WHERE k.ord <= x.indnkeyatts ORDER BY k.ord)::text[] AS columns,
            ARRAY(SELECT COALESCE(a.attname::text, pg_get_indexdef(x.indexrelid, k.ord::int, true))
                         || CASE WHEN x.indoption[(k.ord - 1)::int] & 1 = 1 THEN ' DESC' ELSE '' END
                         || CASE WHEN x.indoption[(k.ord - 1)::int] & 3 = 2 THEN ' NULLS FIRST'
                                 WHEN x.indoption[(k.ord - 1)::int] & 3 = 1 THEN ' NULLS LAST' ELSE '' END
                    FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum <> 0
                   WHERE k.ord <= x.indnkeyatts ORDER BY k.ord)::text[] AS keys,
            ARRAY(SELECT a.attname::text
                    FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                   WHERE k.ord > x.indnkeyatts ORDER BY k.ord)::text[] AS included,
            pg_get_expr(x.indpred, x.indrelid, true) AS predicate
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = current_schema() AND t.relname <> ALL($1)`,
    [skip],
  );
  for (const x of indexes.rows) {
    const kind = x.primary ? "primary key" : x.unique ? "unique index" : "index";
    let description = describeIndex(kind, x.name, x.keys);
    if (x.method !== "btree") description += ` USING ${x.method}`;
    if (x.included.length > 0) description += ` INCLUDE (${x.included.join(", ")})`;
    if (x.predicate) description += ` WHERE ${x.predicate}`;
    shape.set(`index ${x.name}`, { subject: where(x.table, x.columns), description });
  }

  const constraints = await client.query<{
    table: string;
    name: string;
    type: string;
    columns: string[];
    ref_table: string | null;
    ref_columns: string[];
    on_delete: string;
    on_update: string;
    definition: string;
  }>(
    `SELECT t.relname AS table, c.conname AS name, c.contype AS type,
            ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
            r.relname AS ref_table,
            ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS ref_columns,
            c.confdeltype AS on_delete, c.confupdtype AS on_update, pg_get_constraintdef(c.oid, true) AS definition
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_class r ON r.oid = c.confrelid
      WHERE n.nspname = current_schema() AND c.contype IN ('f', 'c', 'x') AND t.relname <> ALL($1)`,
    [skip],
  );
  for (const c of constraints.rows) {
    if (c.type === "f") {
      const description = describeForeignKey(
        c.name,
        c.columns,
        c.ref_table ?? "?",
        c.ref_columns,
        FK_ACTIONS[c.on_delete] ?? c.on_delete,
        FK_ACTIONS[c.on_update] ?? c.on_update,
      );
      shape.set(`foreign key ${c.table}.${c.name}`, { subject: where(c.table, c.columns), description });
    } else {
      // Prisma never creates CHECK or EXCLUDE constraints, so any such constraint is drift.
      shape.set(`constraint ${c.table}.${c.name}`, { subject: c.table, description: `constraint ${c.name} ${c.definition}` });
    }
  }

  const triggers = await client.query<{ table: string; name: string }>(
    `SELECT t.relname AS table, g.tgname AS name
       FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND NOT g.tgisinternal AND t.relname <> ALL($1)`,
    [skip],
  );
  for (const g of triggers.rows) shape.set(`trigger ${g.table}.${g.name}`, { subject: g.table, description: `trigger ${g.name}` });

  return shape;
}

/** Every difference between what schema.prisma describes and what the database at `url` has. */
async function schemaProblems(url: string): Promise<string[]> {
  const expected = expectedShape(await readDatamodel());
  const actual = await withClient(url, actualShape);
  return compareShapes(expected, actual);
}

// ---------------------------------------------------------------------------------------------

async function migrationFiles(): Promise<{ name: string; checksum: string }[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"));
      return { name, checksum: createHash("sha256").update(bytes).digest("hex") };
    }),
  );
}

describe("schema.prisma and prisma/migrations", () => {
  let database: TestDatabase;
  let firstRun: MigrateResult;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    firstRun = await migrate(database.url);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("a database migrated from empty has exactly the schema's shape", async () => {
    const names = (await migrationFiles()).map((m) => m.name);
    expect(firstRun).toEqual({ applied: names, alreadyApplied: [], modified: [] });
    expect(await schemaProblems(database.url)).toEqual([]);
  });

  it("reports drift in both a column and an index", async () => {
    const drifted = await createTestDatabase();
    try {
      await withClient(drifted.url, (client) =>
        client.query(`ALTER TABLE "User" ALTER COLUMN "name" DROP NOT NULL; DROP INDEX "Workspace_slug_key"`),
      );
      expect(await schemaProblems(drifted.url)).toEqual([
        "User.name: expected text NOT NULL, found text",
        "Workspace.slug: expected unique index Workspace_slug_key (slug), found none",
      ]);
    } finally {
      await drifted.drop();
    }
  });

  it("migrating again is a no-op, and _prisma_migrations records each migration with its checksum", async () => {
    const migrations = await migrationFiles();
    const names = migrations.map((m) => m.name);
    expect(names).toContain(INIT_MIGRATION);

    expect(await migrate(database.url)).toEqual({ applied: [], alreadyApplied: names, modified: [] });

    const { rows } = await withClient(database.url, (client) =>
      client.query<{ migration_name: string; checksum: string; finished: boolean; rolled_back: boolean; applied_steps_count: number }>(
        `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back,
                applied_steps_count
           FROM "_prisma_migrations" ORDER BY migration_name`,
      ),
    );
    expect(rows).toEqual(
      migrations.map((m) => ({ migration_name: m.name, checksum: m.checksum, finished: true, rolled_back: false, applied_steps_count: 1 })),
    );
    expect(await schemaProblems(database.url)).toEqual([]);
  });
});
