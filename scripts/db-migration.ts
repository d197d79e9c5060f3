// npm run db:migration -- <name> [--allow-empty] – writes prisma/{sqlite,postgresql}/migrations/NNNN_<name>:
// the SQL from the models at HEAD (`git show HEAD:prisma/models.prisma`, empty if absent) to the current
// prisma/models.prisma, by `prisma migrate diff` for each provider (`migrate dev` does not work with
// driver adapters). Review the SQL, then `npm run db:generate` and `npm run db:migrate`.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { redactCredentials } from "../prisma/database-url";
import {
  MODELS_FILE,
  PROJECT_ROOT,
  PROVIDERS,
  diffModels,
  isEmptyMigration,
  listMigrations,
  nextMigrationName,
  providerPaths,
  writeMigration,
} from "../prisma/tooling";
import { startThrowawayPostgres } from "./pg-cluster.mjs";

const run = promisify(execFile);
const git = async (...args: string[]) => (await run("git", args, { cwd: PROJECT_ROOT })).stdout;
const relative = (file: string) => path.relative(PROJECT_ROOT, file);

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const args = process.argv.slice(2);
const allowEmpty = args.includes("--allow-empty");
const name = args.find((arg) => !arg.startsWith("--"))?.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
if (!name) fail("Usage: npm run db:migration -- <name> [--allow-empty]   e.g. npm run db:migration -- add_orders");

/** The models as committed at HEAD, or null when HEAD has none (or there is no commit yet). */
async function committedModels(): Promise<string | null> {
  const hasHead = await git("rev-parse", "--verify", "--quiet", "HEAD").then(() => true, () => false);
  if (!hasHead) return null;
  const file = relative(MODELS_FILE);
  const exists = await git("cat-file", "-e", `HEAD:${file}`).then(() => true, () => false);
  return exists ? git("show", `HEAD:${file}`) : null;
}

// The diff starts from HEAD, so a migration written since HEAD would be written again.
for (const provider of PROVIDERS) {
  const dir = providerPaths(provider).migrations;
  const committed = new Set((await git("ls-tree", "-d", "--name-only", "HEAD:" + relative(dir)).catch(() => "")).split("\n"));
  const uncommitted = (await listMigrations(dir)).filter((folder) => !committed.has(folder));
  if (uncommitted.length > 0) {
    fail(
      `${relative(dir)}/${uncommitted[0]} is not committed, and the new migration is computed from HEAD: it would repeat it.\n` +
        "Commit it first, or delete it (in both providers) to write one migration with all the changes.",
    );
  }
}

const [previous, current] = await Promise.all([committedModels(), readFile(MODELS_FILE, "utf8")]);

// The PostgreSQL diff needs a server (the engine reads its version; nothing is written to it): the one
// DATABASE_URL or TEST_POSTGRES_URL names, or else a throwaway cluster.
const configured = process.env.DATABASE_URL?.trim() ?? "";
let pgUrl = /^postgres(ql)?:\/\//.test(configured) ? configured : process.env.TEST_POSTGRES_URL?.trim() || undefined;
const cluster = pgUrl ? undefined : await startThrowawayPostgres().catch((error: Error) => fail(error.message));
pgUrl ??= cluster!.url;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void Promise.resolve(cluster?.stop()).finally(() => process.exit(130)));
}

try {
  const urls = { sqlite: "file::memory:", postgresql: pgUrl };
  const sql = await Promise.all(PROVIDERS.map((provider) => diffModels(provider, previous, current, urls[provider])));
  const existing = await Promise.all(PROVIDERS.map((provider) => listMigrations(providerPaths(provider).migrations)));
  const firstMigration = existing.every((list) => list.length === 0);
  if (sql.every(isEmptyMigration) && !firstMigration && !allowEmpty) {
    throw new Error(
      "prisma/models.prisma has no change since HEAD: nothing to migrate (--allow-empty writes an empty migration for hand-written SQL).",
    );
  }
  const folder = await nextMigrationName(name, PROVIDERS.map((provider) => providerPaths(provider).migrations));
  for (const [index, provider] of PROVIDERS.entries()) {
    const file = await writeMigration(provider, providerPaths(provider).migrations, folder, sql[index]!);
    console.log(`── ${relative(file)}\n${sql[index]}`);
  }
  console.log(`Review the SQL, then: npm run db:generate && npm run db:migrate`);
} catch (error) {
  console.error(redactCredentials((error as Error).message, pgUrl));
  process.exitCode = 1;
} finally {
  await cluster?.stop();
}
