// The two-provider layout and the Prisma CLI calls shared by the db:* scripts and the migration tests.
// prisma/models.prisma explains the layout.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseProvider } from "./database-url";

export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const PROVIDERS: readonly DatabaseProvider[] = ["sqlite", "postgresql"];
export const MODELS_FILE = path.join(PROJECT_ROOT, "prisma", "models.prisma");
const PRISMA_BIN = path.join(PROJECT_ROOT, "node_modules", ".bin", "prisma");

export function providerPaths(provider: DatabaseProvider) {
  const dir = path.join(PROJECT_ROOT, "prisma", provider);
  return {
    header: path.join(dir, "header.prisma"),
    schema: path.join(dir, "schema.prisma"),
    config: path.join(dir, "prisma.config.ts"),
    migrations: path.join(dir, "migrations"),
    /** Hand-written rules Prisma cannot model (CHECK constraints, triggers), applied by a migration. */
    integrity: path.join(dir, "integrity.sql"),
  };
}

/** A URL of the right scheme for commands that parse the schema but never connect (generate). */
export function placeholderUrl(provider: DatabaseProvider): string {
  return provider === "sqlite" ? "file::memory:" : "postgresql://placeholder@127.0.0.1:5432/placeholder";
}

/** The full schema of a provider: its header followed by the models. */
export async function assembleSchema(provider: DatabaseProvider, models: string): Promise<string> {
  const header = await readFile(providerPaths(provider).header, "utf8");
  const banner = `// Generated from prisma/${provider}/header.prisma and prisma/models.prisma by scripts/db-generate.ts: edit those.`;
  return `${banner}\n\n${header.trimEnd()}\n\n${models.trimEnd()}\n`;
}

/** Writes prisma/<provider>/schema.prisma for both providers (atomically, and only when it changed). */
export async function writeSchemas(): Promise<void> {
  const models = await readFile(MODELS_FILE, "utf8");
  await Promise.all(
    PROVIDERS.map(async (provider) => {
      const target = providerPaths(provider).schema;
      const schema = await assembleSchema(provider, models);
      if ((await readFile(target, "utf8").catch(() => "")) === schema) return;
      const temporary = `${target}.${randomUUID()}.tmp`;
      await writeFile(temporary, schema);
      await rename(temporary, target);
    }),
  );
}

export class PrismaCliError extends Error {
  override name = "PrismaCliError";
}

/**
 * Hidden from the output: Prisma's warning that `url` is unused with an adapter (expected, see
 * header.prisma), and its notice that it skips `.env` (the scripts load it themselves).
 */
const NOISE = new RegExp(
  [
    String.raw`WARNING: Your schema specifies the following datasource properties[\s\S]*?only using driver adapters\.\n*`,
    String.raw`Prisma config detected, skipping environment variable loading\.\n*`,
  ].join("|"),
  "g",
);

/**
 * The last line `migrate deploy` prints, after applying the migrations and stopping its engine. On
 * PostgreSQL the process then idles ~10 s: 6.19's WebAssembly schema engine leaves its advisory-lock
 * timeout timer pending (it imports no clearTimeout), and Node waits for it. Nothing is left to do, so
 * runPrisma stops the process there; should the wording change, it only waits for the natural exit.
 * (SQLite takes no advisory lock and exits at once; stopping it early would leave its journal file.)
 */
const DEPLOY_DONE = /All migrations have been successfully applied\.|No pending migrations to apply\./;

/**
 * Runs the local Prisma CLI with the provider's config. `databaseUrl` must have the provider's scheme:
 * the schema's `url = env("DATABASE_URL")` is validated even by commands that do not connect.
 */
export async function runPrisma(
  provider: DatabaseProvider,
  args: string[],
  databaseUrl: string,
): Promise<{ stdout: string; output: string }> {
  // The CLI reads the config's schema first (to choose an engine) and, if it is missing, tries to download one.
  await writeSchemas();
  const child = spawn(PRISMA_BIN, [...args, "--config", providerPaths(provider).config], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let done = false;
  const stopWhenDone = provider === "postgresql" && args[0] === "migrate" && args[1] === "deploy";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (stopWhenDone && !done && DEPLOY_DONE.test(stdout)) {
      done = true;
      child.kill("SIGTERM");
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (exitCode !== 0 && !done) {
    throw new PrismaCliError(`prisma ${args.join(" ")} (${provider}) failed:\n${`${stdout}${stderr}`.replace(NOISE, "").trim()}`);
  }
  return { stdout, output: `${stderr}${stdout}`.replace(NOISE, "").trim() };
}

/**
 * The SQL that takes a database from the `from` models (null: empty) to the `to` models, by
 * `prisma migrate diff` between two datamodels. PostgreSQL needs a reachable server for `databaseUrl`
 * (the engine reads its version); nothing is written to it.
 */
export async function diffModels(provider: DatabaseProvider, from: string | null, to: string, databaseUrl: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "prisma-diff-"));
  try {
    const toFile = path.join(dir, "to.prisma");
    await writeFile(toFile, await assembleSchema(provider, to));
    let fromArgs = ["--from-empty"];
    if (from !== null) {
      const fromFile = path.join(dir, "from.prisma");
      await writeFile(fromFile, await assembleSchema(provider, from));
      fromArgs = ["--from-schema-datamodel", fromFile];
    }
    const args = ["migrate", "diff", ...fromArgs, "--to-schema-datamodel", toFile, "--script"];
    const { stdout } = await runPrisma(provider, args, databaseUrl);
    return `${stdout.trimEnd()}\n`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** True when a migration script has no statement (Prisma writes "-- This is an empty migration."). */
export function isEmptyMigration(sql: string): boolean {
  return sql.replace(/--.*$/gm, "").trim() === "";
}

/** The migration folders (NNNN_name) of a migrations directory, in the order Prisma applies them. */
export async function listMigrations(migrationsDir: string): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The next folder name, numbered after the highest number in any of the directories. */
export async function nextMigrationName(name: string, migrationsDirs: string[]): Promise<string> {
  const existing = (await Promise.all(migrationsDirs.map(listMigrations))).flat();
  const highest = Math.max(0, ...existing.map((folder) => Number.parseInt(folder, 10)).filter(Number.isFinite));
  return `${String(highest + 1).padStart(4, "0")}_${name}`;
}

/** Writes <migrationsDir>/<folder>/migration.sql, and migration_lock.toml if missing; returns the SQL file. */
export async function writeMigration(provider: DatabaseProvider, migrationsDir: string, folder: string, sql: string): Promise<string> {
  await mkdir(path.join(migrationsDir, folder), { recursive: true });
  const lock = path.join(migrationsDir, "migration_lock.toml");
  const lockText = [
    "# Please do not edit this file manually",
    "# It should be added in your version-control system (e.g., Git)",
    `provider = "${provider}"`,
    "",
  ].join("\n");
  await writeFile(lock, lockText, { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  const file = path.join(migrationsDir, folder, "migration.sql");
  await writeFile(file, sql, { flag: "wx" });
  return file;
}
