// A bill's rows belong to their file on both providers, as the models' relation says: rows of a file
// that is not there are refused, however they come (an INSERT, a move to another file, a COPY: see
// reconcile-day.test.ts); deleting a file deletes its rows and changing its id carries them. SQLite keeps
// the foreign key; PostgreSQL checks it once per statement (prisma/postgresql/integrity.sql), locking the
// file as the key would: it cannot be deleted under rows not yet committed.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { pgConnectionString } from "@/prisma/database-url";

const row = (billFileId: string, line: number) => ({
  billFileId,
  line,
  kind: "PAYMENT",
  tradeNo: `T${line}`,
  amountFen: 100,
  receiptFen: 100,
  merchantDiscountFen: 0,
  feeFen: -1,
  finishedAt: new Date("2026-12-02T02:00:00Z"),
});

describe.each(["sqlite", "postgresql"] as const)("bill rows and their file on %s", (provider) => {
  let database: MigratedDatabase;
  let db: Db;
  const file = (id: string) => db.billFile.create({ data: { id, billDate: "2026-12-02", source: "UPLOAD", fileName: `${id}.zip`, sha256: id, size: 1, content: Buffer.from("x") } });
  const lines = async (billFileId: string) => (await db.billRow.findMany({ where: { billFileId }, orderBy: { line: "asc" } })).map((stored) => stored.line);

  beforeAll(async () => {
    database = await createMigratedDatabase(provider);
    db = createDb(database.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("refuses rows of a file that is not there, and a row moved to one", async () => {
    await expect(db.billRow.create({ data: row("missing", 6) })).rejects.toThrow(/foreign key/i);
    await file("kept");
    await db.billRow.createMany({ data: [row("kept", 6), row("kept", 7)] });
    await expect(db.billRow.update({ where: { billFileId_line: { billFileId: "kept", line: 7 } }, data: { billFileId: "missing" } })).rejects.toThrow(/foreign key/i);
    expect(await lines("kept")).toEqual([6, 7]);
    expect(await db.billRow.count({ where: { billFileId: "missing" } })).toBe(0);
  });

  it("holds one row per line of a file", async () => {
    await file("lines");
    await db.billRow.create({ data: row("lines", 6) });
    await expect(db.billRow.create({ data: row("lines", 6) })).rejects.toThrow(/unique/i);
  });

  it("deletes a file's rows with it, and carries them to its new id", async () => {
    await file("deleted");
    await file("renamed");
    await db.billRow.createMany({ data: [row("deleted", 6), row("deleted", 7), row("renamed", 6)] });
    await db.billFile.delete({ where: { id: "deleted" } });
    expect(await db.billRow.count({ where: { billFileId: "deleted" } })).toBe(0);
    await db.billFile.update({ where: { id: "renamed" }, data: { id: "renamed-2" } });
    expect([await lines("renamed"), await lines("renamed-2")]).toEqual([[], [6]]);
  });

  it.runIf(provider === "postgresql")("keeps a file from being deleted under rows not yet committed", async () => {
    await file("locked");
    const [writer, deleter] = [new pg.Client({ connectionString: pgConnectionString(database.url) }), new pg.Client({ connectionString: pgConnectionString(database.url) })];
    await Promise.all([writer.connect(), deleter.connect()]);
    try {
      await writer.query("BEGIN");
      await writer.query(`INSERT INTO "BillRow" ("billFileId", "line", "kind", "tradeNo", "amountFen", "receiptFen", "merchantDiscountFen", "feeFen", "finishedAt") VALUES ('locked', 6, 'PAYMENT', 'T6', 1, 1, 0, 0, now())`);
      await deleter.query("SET lock_timeout = '200ms'");
      await expect(deleter.query(`DELETE FROM "BillFile" WHERE "id" = 'locked'`)).rejects.toThrow(/lock timeout/i);
      await writer.query("COMMIT");
      await deleter.query(`DELETE FROM "BillFile" WHERE "id" = 'locked'`);
      expect(await db.billRow.count({ where: { billFileId: "locked" } })).toBe(0);
    } finally {
      await Promise.all([writer.end(), deleter.end()]);
    }
  });
});
