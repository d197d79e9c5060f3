// The fund flow against a migrated database, on both providers: payments and refunds summed by Beijing
// hour, day and month, by store and till; fees estimated trade by trade where the day has no bill, and
// the bill's own where it has one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { NO_STORE, type FundsQuery } from "./period";
import { getFunds } from "./read";

type Payment = { no: string; fen: number; paid: string; store?: string; till?: string; refunds?: Array<{ fen: number; at: string; status?: string }> };

// Beijing is UTC+8: 2026-12-04T16:00Z is 2026-12-05 00:00 there.
const PAYMENTS: Payment[] = [
  // The day before, in Beijing, by a second.
  { no: "P0", fen: 10_000, paid: "2026-12-04T15:59:59Z", store: "SH001", till: "SH001-T1" },
  // 00:xx on the 5th: two of 0.84 yuan, whose fees round up one by one (0.0050 each) and would not together.
  { no: "P1", fen: 84, paid: "2026-12-04T16:10:00Z", store: "SH001", till: "SH001-T1" },
  { no: "P2", fen: 84, paid: "2026-12-04T16:20:00Z", store: "SH001", till: "SH001-T2" },
  // 09:xx on the 5th, one refunded in part that day and again the next, one refund failed.
  {
    no: "P3",
    fen: 20_000,
    paid: "2026-12-05T01:00:00Z",
    store: "BJ001",
    till: "BJ001-T1",
    refunds: [
      { fen: 5_000, at: "2026-12-05T02:30:00Z" },
      { fen: 1_000, at: "2026-12-05T16:30:00Z" },
      { fen: 3_000, at: "2026-12-05T03:00:00Z", status: "FAILED" },
    ],
  },
  // Without a store, 23:xx on the 5th.
  { no: "P4", fen: 333, paid: "2026-12-05T15:30:00Z" },
  // The 6th: a day whose bill is imported. Its refund Alipay made on the 6th (on that bill, its fee given
  // back there) settled here on the 7th, an outcome known late: not given back again by an estimate.
  { no: "P5", fen: 50_000, paid: "2026-12-06T02:00:00Z", store: "SH001", till: "SH001-T1", refunds: [{ fen: 10_000, at: "2026-12-06T17:00:00Z" }] },
  // The 4th: 0.498 fen rounds down, 1.5 fen up.
  { no: "P7", fen: 83, paid: "2026-12-04T03:00:00Z", store: "SH001", till: "SH001-T1" },
  { no: "P8", fen: 250, paid: "2026-12-04T04:00:00Z", store: "SH001", till: "SH001-T1" },
  // Another month.
  { no: "P6", fen: 700, paid: "2026-11-30T03:00:00Z", store: "SH001", till: "SH001-T1" },
];

const RATE_BP = 60;

describe.each(["sqlite", "postgresql"] as const)("the fund flow on %s", (provider) => {
  let database: MigratedDatabase;
  let db: Db;
  const funds = (query: Partial<FundsQuery>, rate: number | null = RATE_BP) => getFunds(db, { period: "day", date: "2026-12-05", store: null, ...query }, rate);

  beforeAll(async () => {
    database = await createMigratedDatabase(provider);
    db = createDb(database.url);
    for (const payment of PAYMENTS) {
      const paidAt = new Date(payment.paid);
      await db.order.create({
        data: {
          id: `id-${payment.no}`,
          outTradeNo: payment.no,
          amountFen: payment.fen,
          paidFen: payment.fen,
          subject: "咖啡",
          status: "PAID",
          timeoutMinutes: 5,
          requestHash: "h",
          expiresAt: paidAt,
          createdAt: paidAt,
          paidAt,
          storeId: payment.store ?? null,
          terminalId: payment.till ?? null,
        },
      });
      for (const [index, refund] of (payment.refunds ?? []).entries()) {
        await db.refund.create({
          data: { id: `r-${payment.no}-${index}`, orderId: `id-${payment.no}`, outRequestNo: `R${index}`, amountFen: refund.fen, status: refund.status ?? "SUCCEEDED", createdAt: new Date(refund.at), settledAt: new Date(refund.at) },
        });
      }
    }
    // An unpaid order: no money.
    await db.order.create({ data: { id: "id-U", outTradeNo: "U", amountFen: 999, subject: "咖啡", status: "PENDING", timeoutMinutes: 5, requestHash: "h", expiresAt: new Date("2026-12-05T05:00:00Z"), createdAt: new Date("2026-12-05T04:00:00Z") } });
    // The 6th's bill: its fee for P5 is not the rate's (Alipay's word wins), and an older import of the same day is ignored.
    await db.order.update({ where: { id: "id-P5" }, data: { tradeNo: "T5" } });
    for (const [id, importedAt, feeFen] of [["old", "2026-12-07T01:00:00Z", -1], ["new", "2026-12-07T02:00:00Z", -250]] as const) {
      await db.billFile.create({ data: { id, billDate: "2026-12-06", source: "UPLOAD", fileName: `${id}.zip`, sha256: id, size: 1, content: Buffer.from("x"), importedAt: new Date(importedAt), rowCount: 2 } });
      await db.billRow.create({
        data: { billFileId: id, line: 6, kind: "PAYMENT", tradeNo: "T5", outTradeNo: "P5", amountFen: 50_000, receiptFen: 50_000, merchantDiscountFen: 0, feeFen, finishedAt: new Date("2026-12-06T02:00:01Z"), storeId: "SH001", terminalId: "SH001-T1" },
      });
      await db.billRow.create({
        data: { billFileId: id, line: 7, kind: "REFUND", tradeNo: "T5", outTradeNo: "P5", outRequestNo: "R0", amountFen: -10_000, receiptFen: -10_000, merchantDiscountFen: 0, feeFen: 60, finishedAt: new Date("2026-12-06T10:00:00Z"), storeId: "SH001", terminalId: "SH001-T1" },
      });
    }
    // A refused file for the 5th: not a bill of that day.
    await db.billFile.create({ data: { id: "refused", billDate: "2026-12-05", source: "UPLOAD", fileName: "bad.zip", sha256: "bad", size: 1, content: Buffer.from("x"), problem: "TOTALS_MISMATCH" } });
    // A copy of the 5th's bill taken during the 5th (Beijing): not the whole day, so not the day's fees.
    await db.billFile.create({ data: { id: "partial", billDate: "2026-12-05", source: "UPLOAD", fileName: "partial.zip", sha256: "partial", size: 1, content: Buffer.from("x"), importedAt: new Date("2026-12-05T15:59:00Z"), rowCount: 1 } });
    await db.billRow.create({
      data: { billFileId: "partial", line: 6, kind: "PAYMENT", tradeNo: "T3", outTradeNo: "P3", amountFen: 20_000, receiptFen: 20_000, merchantDiscountFen: 0, feeFen: -120, finishedAt: new Date("2026-12-05T01:00:01Z"), storeId: "BJ001", terminalId: "BJ001-T1" },
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("sums a Beijing day by the hour, refunds when they settled, fees trade by trade", async () => {
    const day = await funds({});
    expect(day.buckets).toHaveLength(24);
    const hour = (key: string) => day.buckets.find((bucket) => bucket.key === `2026-12-05 ${key}`)!;
    // 2 × round(0.504 fen) = 2; the sum's would be 1.
    expect(hour("00")).toMatchObject({ payments: 2, paidFen: 168, refunds: 0, refundedFen: 0, netFen: 168, feeFen: 2, feeSources: ["estimate"], settlementFen: 166 });
    expect(hour("09")).toMatchObject({ payments: 1, paidFen: 20_000, feeFen: 120 });
    // The failed refund is not money.
    expect(hour("10")).toMatchObject({ payments: 0, refunds: 1, refundedFen: 5_000, netFen: -5_000, feeFen: -30, settlementFen: -4_970 });
    expect(hour("23")).toMatchObject({ payments: 1, paidFen: 333, feeFen: 2 });
    expect(hour("05")).toMatchObject({ payments: 0, paidFen: 0, refunds: 0, feeFen: 0, feeSources: [] });
    expect(day.total).toMatchObject({ payments: 4, paidFen: 20_501, refunds: 1, refundedFen: 5_000, netFen: 15_501, feeFen: 94, settlementFen: 15_407 });
    expect(day.billedDays).toBe(0);
  });

  it("breaks the money down by store and till, the sales without a store last", async () => {
    const day = await funds({});
    expect(day.storeIds).toEqual(["BJ001", "SH001", null]);
    expect(day.stores.map((store) => [store.storeId, store.paidFen, store.terminals.map((till) => [till.terminalId, till.paidFen])])).toEqual([
      ["BJ001", 20_000, [["BJ001-T1", 20_000]]],
      ["SH001", 168, [["SH001-T1", 84], ["SH001-T2", 84]]],
      [null, 333, [[null, 333]]],
    ]);
    const one = await funds({ store: "SH001" });
    expect(one.total).toMatchObject({ payments: 2, paidFen: 168, feeFen: 2 });
    expect(one.storeIds).toEqual(["BJ001", "SH001", null]);
    expect((await funds({ store: NO_STORE })).total).toMatchObject({ payments: 1, paidFen: 333 });
    expect((await funds({ store: "NOPE" })).total).toMatchObject({ payments: 0, paidFen: 0, feeFen: 0 });
  });

  it("takes a billed day's fees from its newest bill, and says where each fee came from", async () => {
    const day = await funds({ date: "2026-12-06" });
    expect(day.billedDays).toBe(1);
    // P3's second refund settled at 00:30 on the 6th: no bill row for it, so no fee given back.
    // The bill's 2.50 charged less the 0.60 its refund row gives back.
    expect(day.total).toMatchObject({ payments: 1, paidFen: 50_000, refunds: 1, refundedFen: 1_000, feeFen: 190, feeSources: ["bill"], settlementFen: 48_810 });
    // The 7th: the refund's money, and no fee given back a second time.
    expect((await funds({ date: "2026-12-07" })).total).toMatchObject({ refunds: 1, refundedFen: 10_000, feeFen: 0, feeSources: ["estimate"], settlementFen: -10_000 });
    // The 4th: 60 + 0 (0.498) + 2 (1.5).
    expect((await funds({ date: "2026-12-04" })).total).toMatchObject({ payments: 3, paidFen: 10_333, feeFen: 62 });
    const month = await funds({ period: "month", date: "2026-12" });
    expect(month.buckets).toHaveLength(31);
    expect(month.buckets[3]).toMatchObject({ key: "2026-12-04", paidFen: 10_333, feeFen: 62 });
    expect(month.buckets[4]).toMatchObject({ key: "2026-12-05", paidFen: 20_501, feeFen: 94, feeSources: ["estimate"] });
    expect(month.buckets[5]).toMatchObject({ key: "2026-12-06", paidFen: 50_000, feeFen: 190, feeSources: ["bill"] });
    expect(month.buckets[6]).toMatchObject({ key: "2026-12-07", refundedFen: 10_000, feeFen: 0 });
    // P0 is on the 4th in Beijing, so in December.
    expect(month.total).toMatchObject({ payments: 8, refunds: 3, refundedFen: 16_000, feeFen: 62 + 94 + 190, feeSources: ["bill", "estimate"] });
  });

  it("rolls a year up by month, and the export's rows by bucket, store and till", async () => {
    const year = await funds({ period: "year", date: "2026" });
    expect(year.buckets.map((bucket) => bucket.paidFen)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 700, 10_000 + 83 + 250 + 168 + 20_000 + 333 + 50_000]);
    // November's 7 fen (4.2) rounded down; December's as by day.
    expect(year.buckets.map((bucket) => bucket.feeFen)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 62 + 94 + 190]);
    expect(year.total).toMatchObject({ payments: 9, refunds: 3, refundedFen: 16_000 });
    expect(year.rows.map((row) => [row.bucket, row.storeId, row.terminalId, row.paidFen, row.refundedFen])).toEqual([
      ["2026-11", "SH001", "SH001-T1", 700, 0],
      ["2026-12", "BJ001", "BJ001-T1", 20_000, 6_000],
      ["2026-12", "SH001", "SH001-T1", 60_417, 10_000],
      ["2026-12", "SH001", "SH001-T2", 84, 0],
      ["2026-12", null, null, 333, 0],
    ]);
  });

  it("does not guess fees without a rate or a bill", async () => {
    expect((await funds({}, null)).total).toMatchObject({ paidFen: 20_501, feeFen: null, feeSources: ["none"], settlementFen: null });
    expect((await funds({ date: "2026-12-06" }, null)).total).toMatchObject({ feeFen: 190, feeSources: ["bill"] });
    expect((await funds({ period: "month", date: "2026-12" }, null)).total).toMatchObject({ feeFen: null, feeSources: ["bill", "none"] });
  });
});
