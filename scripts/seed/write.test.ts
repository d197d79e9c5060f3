// The bulk seed against migrated databases: the orders land, whole, on both providers; the load that
// rebuilds the indexes leaves them exactly as the migrations made them; the tables' rules still hold.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { describeSchema } from "@/prisma/drift";
import { SeedError, rebuildsIndexes, seedOrders } from "./write";

const NOW = new Date("2026-12-02T02:30:00Z");

describe("which loads rebuild the indexes", () => {
  it("a load that at least doubles the table, of a thousand orders or more", () => {
    expect(rebuildsIndexes(0, 1_000)).toBe(true);
    expect(rebuildsIndexes(0, 999)).toBe(false);
    expect(rebuildsIndexes(1_000_000, 1_000_000)).toBe(true);
    expect(rebuildsIndexes(1_000_000, 999_999)).toBe(false);
  });
});

describe.each(["sqlite", "postgresql"] as const)("seeding %s", (provider) => {
  let database: MigratedDatabase;
  let db: Db;
  let schemaBefore: string[];
  const progress: string[] = [];
  beforeAll(async () => {
    database = await createMigratedDatabase(provider);
    schemaBefore = await describeSchema(provider, database.url);
    // The first load rebuilds the indexes (the table is empty), the second keeps them (it adds a fifth).
    await seedOrders(database.url, 4_000, { now: NOW, seed: 1, onProgress: ({ phase }) => progress.push(phase) });
    await seedOrders(database.url, 1_000, { now: NOW, seed: 2 });
    db = createDb(database.url);
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("stores every order, with numbers unique across the loads", async () => {
    expect(await db.order.count()).toBe(5_000);
    const numbers = await db.order.findMany({ select: { outTradeNo: true } });
    expect(new Set(numbers.map((row) => row.outTradeNo.slice(-8))).size).toBe(5_000);
    expect(progress.filter((phase) => phase === "indexing")).toHaveLength(1);
  });

  it("stores them as the console reads them: times, money, flags", async () => {
    const paid = await db.order.findFirst({ where: { status: "PAID", refundedFen: { gt: 0 } } });
    expect(paid).not.toBeNull();
    expect(paid!.paidAt!.getTime()).toBeGreaterThan(paid!.createdAt.getTime());
    expect(paid!.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(paid!.refundedFen).toBeLessThan(paid!.paidFen);
    expect(paid!.scanned).toBe(true);
    const newest = await db.order.findFirst({ orderBy: { createdAt: "desc" } });
    expect(newest!.createdAt.getTime()).toBeGreaterThan(NOW.getTime() - 24 * 60 * 60 * 1000);
  });

  it("leaves the schema exactly as the migrations made it (indexes rebuilt, rules kept)", async () => {
    expect(await describeSchema(provider, database.url)).toEqual(schemaBefore);
    const existing = await db.order.findFirstOrThrow({ where: { status: "PAID" } });
    // The rule's name is in the message on PostgreSQL, in the error's meta on SQLite.
    const refusal = await db.order.update({ where: { id: existing.id }, data: { refundedFen: existing.paidFen + 1 } }).then(
      () => "accepted",
      (error: { message: string; meta?: unknown }) => `${error.message} ${JSON.stringify(error.meta)}`,
    );
    expect(refusal).toMatch(/Order_amounts_check/);
  });
});

describe("seeding a database that is not there", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "seed-missing-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("says to migrate it first", async () => {
    await expect(seedOrders(`file:${path.join(dir, "none.db")}`, 10)).rejects.toThrow(SeedError);
    await expect(seedOrders(`file:${path.join(dir, "none.db")}`, 10)).rejects.toThrow(/npm run db:migrate/);
  });
});
