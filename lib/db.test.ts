import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, expectTypeOf, it, vi } from "vitest";
import type { PrismaClient as PostgresClient } from "@/prisma/generated/postgresql/client";
import type { PrismaClient as SqliteClient } from "@/prisma/generated/sqlite/client";
import { listMigrations, providerPaths, runPrisma } from "@/prisma/tooling";
import { type Db, checkDatabase, createDb, getDb } from "./db";
import { type TestDatabase, createTestPostgresDatabase } from "./testing/pg-database";

const work = await mkdtemp(path.join(os.tmpdir(), "db-test-"));
const sqliteUrl = (name: string) => `file:${path.join(work, name)}`;

// Created by the first test that needs it, so that only the PostgreSQL tests fail without PostgreSQL.
let postgres: Promise<TestDatabase> | undefined;
const postgresUrl = async () => (await (postgres ??= createTestPostgresDatabase())).url;

afterAll(async () => {
  await (await postgres?.catch(() => undefined))?.drop();
  await rm(work, { recursive: true, force: true });
});

async function selectOne(db: Db): Promise<number> {
  try {
    const rows = await db.$queryRaw<{ one: number | bigint }[]>`SELECT 1 AS one`;
    return Number(rows[0]?.one);
  } finally {
    await db.$disconnect();
  }
}

/** A port nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe("createDb", () => {
  it("connects to a SQLite file, creating its directory", async () => {
    expect(await selectOne(createDb(sqliteUrl("nested/dir/console.db")))).toBe(1);
  });

  it("opens SQLite durably: WAL with synchronous=FULL, foreign keys on", async () => {
    const url = sqliteUrl("durable.db");
    await selectOne(createDb(url)); // the file now exists, in WAL mode
    const db = createDb(url);
    try {
      const pragma = async (name: string) => Object.values((await db.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`))[0]!)[0];
      expect(await pragma("journal_mode")).toBe("wal");
      expect(Number(await pragma("synchronous"))).toBe(2);
      expect(Number(await pragma("foreign_keys"))).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });

  it("connects to PostgreSQL", async () => {
    expect(await selectOne(createDb(await postgresUrl()))).toBe(1);
  });

  it("returns clients with the same models for both providers", () => {
    expectTypeOf<keyof PostgresClient>().toEqualTypeOf<keyof SqliteClient>();
  });
});

describe.concurrent("checkDatabase", () => {
  it("reports a fresh SQLite database as ok, with every migration pending, then none after migrate deploy", async () => {
    const url = sqliteUrl("fresh.db");
    const pending = (await listMigrations(providerPaths("sqlite").migrations)).length;
    expect(await checkDatabase(url)).toEqual({ provider: "sqlite", ok: true, pendingMigrations: pending });
    await runPrisma("sqlite", ["migrate", "deploy"], url);
    expect(await checkDatabase(url)).toEqual({ provider: "sqlite", ok: true, pendingMigrations: 0 });
  });

  it("reports a fresh PostgreSQL database as ok, with every migration pending, then none after migrate deploy", { timeout: 120_000 }, async () => {
    const url = await postgresUrl();
    const pending = (await listMigrations(providerPaths("postgresql").migrations)).length;
    expect(await checkDatabase(url)).toEqual({ provider: "postgresql", ok: true, pendingMigrations: pending });
    await runPrisma("postgresql", ["migrate", "deploy"], url);
    expect(await checkDatabase(url)).toEqual({ provider: "postgresql", ok: true, pendingMigrations: 0 });
  });

  it("checks DATABASE_URL through getDb() when given no URL", async () => {
    vi.stubEnv("DATABASE_URL", sqliteUrl("from-env.db"));
    try {
      expect(await checkDatabase()).toMatchObject({ provider: "sqlite", ok: true });
      await getDb().$disconnect();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("reports an unreachable PostgreSQL as a failure, without the password", async () => {
    const port = await closedPort();
    const status = await checkDatabase(`postgresql://console:s3cret%2Fpw@127.0.0.1:${port}/app`);
    expect(status).toMatchObject({ provider: "postgresql", ok: false });
    expect(status.error).toBe(`Cannot query the postgresql database at 127.0.0.1:${port}/app: Can't reach database server at 127.0.0.1:${port}`);
    expect(status.error).not.toMatch(/s3cret/);
    expect(status.pendingMigrations).toBeUndefined();
  });

  it("reports a malformed URL as a failure instead of throwing", async () => {
    const status = await checkDatabase("mysql://root:hunter2@localhost/app");
    expect(status.ok).toBe(false);
    expect(status.error).toMatch(/must start with file: \(SQLite\) or postgresql:\/\//);
    expect(status.error).not.toMatch(/hunter2/);
  });
});
