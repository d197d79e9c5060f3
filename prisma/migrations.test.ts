import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestPostgresDatabase, getTestPostgresUrl } from "@/lib/testing/pg-database";
import type { DatabaseProvider } from "./database-url";
import { checkMigrationDrift } from "./drift";
import { MODELS_FILE, diffModels, nextMigrationName, providerPaths, writeMigration } from "./tooling";

// Models a later migration might add: a relation, a composite index, a unique column, an autoincrement id.
const PROBE_MODELS = `
model DriftProbe {
  id        String           @id
  amountFen Int
  status    String           @default("pending")
  createdAt DateTime         @default(now())
  notes     DriftProbeNote[]

  @@index([status, createdAt])
}

model DriftProbeNote {
  id      Int        @id @default(autoincrement())
  probeId String
  probe   DriftProbe @relation(fields: [probeId], references: [id], onDelete: Cascade)
  body    String     @unique
}
`;

const work = await mkdtemp(path.join(os.tmpdir(), "migrations-test-"));
afterAll(() => rm(work, { recursive: true, force: true }));

const models = await readFile(MODELS_FILE, "utf8");
const probeModelsFile = path.join(work, "with-probe.prisma");
await writeFile(probeModelsFile, `${models}\n${PROBE_MODELS}`);

// The probe's migration, written by the same code as `npm run db:migration` (once per provider).
const probeSql = new Map<DatabaseProvider, Promise<string>>();
function probeMigrationSql(provider: DatabaseProvider): Promise<string> {
  if (!probeSql.has(provider)) {
    const serverUrl = provider === "sqlite" ? Promise.resolve("file::memory:") : getTestPostgresUrl();
    probeSql.set(provider, serverUrl.then((url) => diffModels(provider, models, `${models}\n${PROBE_MODELS}`, url)));
  }
  return probeSql.get(provider)!;
}

/** The committed migrations plus the probe's, after `edit`. */
async function migrationsWithProbe(provider: DatabaseProvider, name: string, edit = (sql: string) => sql): Promise<string> {
  const dir = path.join(work, `${provider}-${name}`);
  await cp(providerPaths(provider).migrations, dir, { recursive: true });
  await writeMigration(provider, dir, await nextMigrationName(name, [dir]), edit(await probeMigrationSql(provider)));
  return dir;
}

// Each check runs two Prisma CLI commands, of seconds each: the tests run concurrently.
const slow = { timeout: 180_000 };

describe.concurrent.each(["postgresql", "sqlite"] as const)("%s migrations", (provider) => {
  const createDatabase = provider === "postgresql" ? createTestPostgresDatabase : undefined;
  const committed = providerPaths(provider).migrations;

  it("build exactly the schema of prisma/models.prisma", slow, async () => {
    const report = await checkMigrationDrift({ provider, modelsFile: MODELS_FILE, migrationsDir: committed, createDatabase });
    expect(report.differences).toEqual([]);
    expect(report.drift).toBe(false);
  });

  it("are reported as drift when a model has no migration", slow, async () => {
    const report = await checkMigrationDrift({ provider, modelsFile: probeModelsFile, migrationsDir: committed, createDatabase });
    expect(report.drift).toBe(true);
    const missing = (pattern: string) => expect.stringMatching(new RegExp(`^missing from the migrations: ${pattern}`));
    expect(report.differences).toContainEqual(missing("table DriftProbe column amountFen "));
    expect(report.differences).toContainEqual(missing("table DriftProbeNote (foreign key|constraint DriftProbeNote_probeId_fkey)"));
  });

  it("match again once the migration is written", slow, async () => {
    const migrationsDir = await migrationsWithProbe(provider, "drift_probe");
    const report = await checkMigrationDrift({ provider, modelsFile: probeModelsFile, migrationsDir, createDatabase });
    expect(report.differences).toEqual([]);
  });

  it("are reported as drift when they leave out a hand-written integrity rule", slow, async () => {
    const integrityFile = path.join(work, `${provider}-integrity.sql`);
    const extra =
      provider === "sqlite"
        ? `CREATE TRIGGER "Probe_no_delete" BEFORE DELETE ON "ApiKey" BEGIN SELECT RAISE(ABORT, 'probe'); END;`
        : `ALTER TABLE "ApiKey" ADD CONSTRAINT "Probe_name_check" CHECK (length("name") > 0);`;
    await writeFile(integrityFile, `${await readFile(providerPaths(provider).integrity, "utf8")}\n${extra}\n`);
    const report = await checkMigrationDrift({ provider, modelsFile: MODELS_FILE, migrationsDir: committed, createDatabase, integrityFile });
    expect(report.differences).toEqual([expect.stringMatching(/^missing from the migrations: .*(Probe_no_delete|Probe_name_check)/)]);
  });

  it("are reported as drift when a migration was edited to leave out an index", slow, async () => {
    const withoutIndex = (sql: string) => sql.replace(/^CREATE INDEX "DriftProbe_status_createdAt_idx".*$/m, "");
    const migrationsDir = await migrationsWithProbe(provider, "drift_probe_edited", withoutIndex);
    const report = await checkMigrationDrift({ provider, modelsFile: probeModelsFile, migrationsDir, createDatabase });
    const missingIndex = /^missing from the migrations: table DriftProbe index DriftProbe_status_createdAt_idx/;
    expect(report.differences).toEqual([expect.stringMatching(missingIndex)]);
  });
});
