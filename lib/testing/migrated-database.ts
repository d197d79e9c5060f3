// A fresh, migrated database for a test file: a SQLite file in a temporary directory, or a PostgreSQL
// database on the test server. The committed migrations are applied as SQL, as `migrate deploy` would
// (prisma/migrations.test.ts proves they build the models).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseProvider } from "@/prisma/database-url";
import { listMigrations, providerPaths } from "@/prisma/tooling";
import { createTestPostgresDatabase } from "./pg-database";

export type MigratedDatabase = { provider: DatabaseProvider; url: string; drop(): Promise<void> };

async function migrationScripts(provider: DatabaseProvider): Promise<string[]> {
  const dir = providerPaths(provider).migrations;
  return Promise.all((await listMigrations(dir)).map((name) => readFile(path.join(dir, name, "migration.sql"), "utf8")));
}

export async function createMigratedDatabase(provider: DatabaseProvider): Promise<MigratedDatabase> {
  const scripts = await migrationScripts(provider);
  if (provider === "sqlite") {
    const dir = await mkdtemp(path.join(os.tmpdir(), "payments-db-"));
    const file = path.join(dir, "console.db");
    const db = new Database(file);
    try {
      for (const script of scripts) db.exec(script);
    } finally {
      db.close();
    }
    return { provider, url: `file:${file}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const database = await createTestPostgresDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    for (const script of scripts) await client.query(script);
  } finally {
    await client.end();
  }
  return { provider, url: database.url, drop: database.drop };
}
