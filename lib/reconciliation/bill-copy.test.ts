// The bill's rows as binary COPY tuples are exactly what PostgreSQL itself writes for the same rows
// (`COPY … TO STDOUT (FORMAT binary)`), byte for byte, and read back as the values given: nulls, negative
// and large amounts, text COPY's text format would have escaped, and times before 2000 and after 2285
// (where microseconds since 2000 pass 2^53).
import { pipeline } from "node:stream/promises";
import { Writable } from "node:stream";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchBuilder, batchRow } from "@/lib/alipay/bill/bill-batch";
import type { TradeBillRow } from "@/lib/alipay/bill/read-trade-bill";
import { createDb, type Db } from "@/lib/db";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { pgConnectionString } from "@/prisma/database-url";
import { COPY_HEADER, COPY_TRAILER, copyRows } from "./bill-copy";
import { insertBillBatches, insertBillFile } from "./bill-sql";

const FILE = "file-copy";
const COLUMNS = `"billFileId", "line", "kind", "amountFen", "receiptFen", "merchantDiscountFen", "feeFen", "createdAt", "finishedAt", "tradeNo", "outTradeNo", "outRequestNo", "storeId", "storeName", "operatorId", "terminalId", "buyerLogonId", "subject", "remark"`;

const base: TradeBillRow = {
  line: 6,
  kind: "PAYMENT",
  tradeNo: "2026120222001400000000000001",
  outTradeNo: "B2026120200000001",
  subject: "咖啡",
  createdAt: new Date("2026-12-02T01:00:00.000Z"),
  finishedAt: new Date("2026-12-02T01:00:01.250Z"),
  storeId: "SH001",
  storeName: "上海一店",
  operatorId: null,
  terminalId: "SH001-T1",
  buyerLogonId: "ifv***@sandbox.com",
  amountFen: 1000,
  receiptFen: 1000,
  merchantDiscountFen: 0,
  feeFen: -6,
  outRequestNo: null,
  remark: null,
};

const rows: TradeBillRow[] = [
  base,
  { ...base, line: 7, kind: "REFUND", outRequestNo: "R1", amountFen: -1000, receiptFen: -1000, feeFen: 6, createdAt: null, finishedAt: new Date("1999-12-31T23:59:59.999Z") },
  { ...base, line: 8, amountFen: Number.MAX_SAFE_INTEGER, receiptFen: -Number.MAX_SAFE_INTEGER, merchantDiscountFen: 2 ** 32, feeFen: -(2 ** 32) - 1, finishedAt: new Date("2290-01-01T00:00:00.001Z") },
  { ...base, line: 9, subject: "tab\there\nnew line\r\\ backslash 🧾 \\N", remark: "", storeName: "“引号”, 逗号", createdAt: new Date("1970-01-01T00:00:00.000Z"), finishedAt: new Date("9999-12-31T23:59:59.999Z") },
];

describe("the bill's binary COPY on postgresql", () => {
  let database: MigratedDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createMigratedDatabase("postgresql");
    db = createDb(database.url);
    await insertBillFile(db, { id: FILE, billDate: "2026-12-02", source: "UPLOAD", fileName: "x.csv.zip", sha256: "0", bytes: Buffer.from("x"), receivedBy: null });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("writes each row as PostgreSQL writes it, and stores the values given", async () => {
    const builder = new BatchBuilder(rows.length);
    for (const row of rows) builder.push(row);
    const batch = builder.take();
    await insertBillBatches(db, FILE, [batch]);

    const client = new pg.Client({ connectionString: pgConnectionString(database.url) });
    await client.connect();
    const chunks: Buffer[] = [];
    try {
      const copy = client.query(copyTo(`COPY (SELECT ${COLUMNS} FROM "BillRow" WHERE "billFileId" = '${FILE}' ORDER BY "line") TO STDOUT (FORMAT binary)`));
      await pipeline(copy, new Writable({ write: (chunk: Buffer, _encoding, done) => void (chunks.push(chunk), done()) }));
    } finally {
      await client.end();
    }
    expect(Buffer.concat(chunks).equals(Buffer.concat([COPY_HEADER, copyRows(FILE, batch), COPY_TRAILER]))).toBe(true);

    const stored = await db.billRow.findMany({ where: { billFileId: FILE }, orderBy: { line: "asc" } });
    expect(stored).toEqual(rows.map((_, i) => expect.objectContaining({ billFileId: FILE, ...batchRow(batch, i) })));
    expect(rows.map((_, i) => batchRow(batch, i))).toEqual(rows);
  });
});
