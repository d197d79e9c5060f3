// Do the migrations build exactly the models? No offline Prisma command tells (`migrate diff
// --from-migrations` needs a shadow database, which fails with adapters), so: apply every migration to a
// fresh database with `prisma migrate deploy`, build the models straight into another
// (`migrate diff --from-empty … --script`), and compare the two schemas as introspected, normalised.
import { randomUUID } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { type DatabaseProvider, sqliteFilePath } from "./database-url";
import { PROJECT_ROOT, assembleSchema, diffModels, providerPaths, runPrisma } from "./tooling";

export type FreshDatabase = { url: string; drop(): Promise<void> };

export type DriftCheck = {
  provider: DatabaseProvider;
  modelsFile: string;
  migrationsDir: string;
  /** Makes an empty database (called twice). Required for PostgreSQL; SQLite uses temporary files. */
  createDatabase?: () => Promise<FreshDatabase>;
  /**
   * Hand-written SQL the models imply but Prisma cannot express (CHECK constraints, triggers), applied to
   * the reference database after the models: the migrations must create it too. Default:
   * prisma/<provider>/integrity.sql when present.
   */
  integrityFile?: string | null;
};

export type DriftReport = {
  drift: boolean;
  /** One line per schema element the two databases do not share, e.g. `missing from the migrations: table Order column id …`. */
  differences: string[];
};

const MIGRATIONS_TABLE = "_prisma_migrations";

export async function checkMigrationDrift({ provider, modelsFile, migrationsDir, createDatabase, integrityFile }: DriftCheck): Promise<DriftReport> {
  if (provider === "postgresql" && !createDatabase) throw new Error("checkMigrationDrift needs createDatabase for PostgreSQL");
  const work = await mkdtemp(path.join(os.tmpdir(), "prisma-drift-"));
  const create = createDatabase ?? (async () => ({ url: `file:${path.join(work, `${randomUUID()}.db`)}`, drop: async () => {} }));
  const created = await Promise.allSettled([create(), create()]);
  const databases = created.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  try {
    const [migrated, reference] = created.map((result) => {
      if (result.status === "rejected") throw result.reason;
      return result.value;
    }) as [FreshDatabase, FreshDatabase];
    const models = await readFile(modelsFile, "utf8");
    const integrity =
      integrityFile === null ? "" : await readFile(integrityFile ?? providerPaths(provider).integrity, "utf8").catch((error: NodeJS.ErrnoException) => {
        if (integrityFile === undefined && error.code === "ENOENT") return "";
        throw error;
      });
    // `migrate deploy --schema X` applies the migrations folder next to X.
    const schemaFile = path.join(work, "schema.prisma");
    await writeFile(schemaFile, await assembleSchema(provider, models));
    await cp(migrationsDir, path.join(work, "migrations"), { recursive: true });
    await Promise.all([
      runPrisma(provider, ["migrate", "deploy", "--schema", schemaFile], migrated.url),
      schemaScript(provider, models, reference.url).then((sql) => executeScript(provider, reference.url, `${sql}\n${integrity}`)),
    ]);
    const [fromMigrations, fromModels] = await Promise.all([describeSchema(provider, migrated.url), describeSchema(provider, reference.url)]);
    const differences = [
      ...fromModels.filter((line) => !fromMigrations.includes(line)).map((line) => `missing from the migrations: ${line}`),
      ...fromMigrations.filter((line) => !fromModels.includes(line)).map((line) => `not in the models: ${line}`),
    ];
    return { drift: differences.length > 0, differences };
  } finally {
    await Promise.all(databases.map((database) => database.drop()));
    await rm(work, { recursive: true, force: true });
  }
}

// The script depends only on the provider and the models (the server is asked for its version alone).
const scripts = new Map<string, Promise<string>>();

function schemaScript(provider: DatabaseProvider, models: string, serverUrl: string): Promise<string> {
  const key = `${provider}\n${models}`;
  if (!scripts.has(key)) scripts.set(key, diffModels(provider, null, models, serverUrl));
  return scripts.get(key)!;
}

async function executeScript(provider: DatabaseProvider, url: string, sql: string): Promise<void> {
  if (provider === "sqlite") {
    const db = new Database(sqliteFilePath(url, PROJECT_ROOT));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The schema as sorted lines, one per column, index, constraint…; column order is ignored (as Prisma does). */
export async function describeSchema(provider: DatabaseProvider, url: string): Promise<string[]> {
  const lines = provider === "sqlite" ? describeSqlite(sqliteFilePath(url, PROJECT_ROOT)) : await describePostgres(url);
  return lines.sort();
}

const squash = (sql: string | null) => (sql ?? "").replace(/\s+/g, " ").trim();

function describeSqlite(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const lines: string[] = [];
    const objects = db
      .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND tbl_name <> ?")
      .all(MIGRATIONS_TABLE) as { type: string; name: string; tbl_name: string; sql: string | null }[];
    for (const { type, name, sql } of objects) {
      if (type === "view" || type === "trigger") lines.push(`${type} ${name}: ${squash(sql)}`);
      if (type !== "table") continue;
      type Column = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number };
      for (const c of db.prepare("SELECT * FROM pragma_table_xinfo(?)").all(name) as Column[]) {
        lines.push(`table ${name} column ${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk} hidden=${c.hidden}`);
      }
      type Index = { name: string; unique: number; origin: string; partial: number };
      for (const index of db.prepare("SELECT * FROM pragma_index_list(?)").all(name) as Index[]) {
        type Key = { name: string | null; desc: number; coll: string; key: number };
        const keys = (db.prepare("SELECT * FROM pragma_index_xinfo(?)").all(index.name) as Key[]).filter((k) => k.key === 1);
        const columns = keys.map((k) => `${k.name ?? "<expression>"} ${k.desc ? "DESC" : "ASC"} ${k.coll}`).join(", ");
        // Automatic indexes (primary keys, UNIQUE constraints) are named after table-definition order.
        const label = index.origin === "c" ? index.name : `(${index.origin})`;
        lines.push(`table ${name} index ${label} unique=${index.unique} partial=${index.partial} (${columns})`);
      }
      type ForeignKey = { id: number; table: string; from: string; to: string | null; on_update: string; on_delete: string };
      const keys = db.prepare("SELECT * FROM pragma_foreign_key_list(?)").all(name) as ForeignKey[];
      for (const id of new Set(keys.map((k) => k.id))) {
        const parts = keys.filter((k) => k.id === id);
        const first = parts[0]!;
        const [from, to] = [parts.map((k) => k.from).join(", "), parts.map((k) => k.to).join(", ")];
        lines.push(`table ${name} foreign key (${from}) references ${first.table} (${to}) on update ${first.on_update} on delete ${first.on_delete}`);
      }
    }
    return lines;
  } finally {
    db.close();
  }
}

async function describePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const query = async (sql: string) => (await client.query<Record<string, unknown>>(sql, [MIGRATIONS_TABLE])).rows;
    const columns = await query(`
      SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length,
             numeric_precision, numeric_scale, datetime_precision, is_identity, is_generated, generation_expression
      FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> $1`);
    const constraints = await query(`
      SELECT cl.relname AS table_name, co.conname, pg_get_constraintdef(co.oid) AS definition
      FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE n.nspname = current_schema() AND cl.relname <> $1`);
    const indexes = await query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename <> $1`);
    const enums = await query(`
      SELECT t.typname, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema() AND t.typname <> $1 GROUP BY t.typname`);
    const sequences = await query(`
      SELECT sequence_name, data_type, start_value, increment FROM information_schema.sequences
      WHERE sequence_schema = current_schema() AND sequence_name <> $1`);
    const views = await query(`SELECT viewname, definition FROM pg_views WHERE schemaname = current_schema() AND viewname <> $1`);
    const triggers = await query(`
      SELECT cl.relname AS table_name, t.tgname, pg_get_triggerdef(t.oid) AS definition
      FROM pg_trigger t JOIN pg_class cl ON cl.oid = t.tgrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND cl.relname <> $1`);
    const functions = await query(`
      SELECT p.proname, pg_get_functiondef(p.oid) AS definition FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = current_schema() AND p.proname <> $1`);
    return [
      ...columns.map((c) => {
        const { table_name, column_name, ...rest } = c;
        return `table ${table_name} column ${column_name} ${Object.entries(rest).map(([key, value]) => `${key}=${value}`).join(" ")}`;
      }),
      ...constraints.map((c) => `table ${c.table_name} constraint ${c.conname} ${c.definition}`),
      ...indexes.map((i) => `table ${i.tablename} index ${i.indexname}: ${i.indexdef}`),
      ...enums.map((e) => `enum ${e.typname} (${e.labels})`),
      ...sequences.map((s) => `sequence ${s.sequence_name} ${s.data_type} start=${s.start_value} increment=${s.increment}`),
      ...views.map((v) => `view ${v.viewname}: ${squash(v.definition as string)}`),
      ...triggers.map((t) => `table ${t.table_name} trigger ${t.tgname}: ${t.definition}`),
      ...functions.map((f) => `function ${f.proname}: ${squash(f.definition as string)}`),
    ];
  } finally {
    await client.end();
  }
}
