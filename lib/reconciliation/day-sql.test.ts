// What a day's run reads, on both providers: the orders the bill names (by Alipay's out_trade_no or only by
// trade number), the orders paid on the day, those with a refund settled on the day, each with its
// notifications' verdicts; the succeeded refunds of all of them; and which of their trades missing from
// this bill are on another day's imported bill.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTradeBill, type BillRow } from "@/sandbox/bill/build-trade-bill";
import { createDb, type Db } from "@/lib/db";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { beijingDay } from "./day-input";
import { readDayInput, readDayOrders } from "./day-sql";
import { importBill } from "./import-bill";

const PID = "2088102177649450";
const DATE = "2026-12-02";
const BEFORE = "2026-12-01";
const at = (time: string, day = DATE) => new Date(`${day}T${time}+08:00`);

type Seed = { no: string; status: string; paidAt: Date | null; tradeNo?: string };

// P paid today, on the bill; Q paid and partly refunded yesterday, named by this bill only by its trade
// number; R paid yesterday and refunded today, on no bill; S paid and refunded today, both on yesterday's
// bill; U paid today, on no bill; V pending and on no bill (not concerned); W paid yesterday and on
// yesterday's bill (not concerned).
const seeds: Seed[] = [
  { no: "P", status: "REFUNDED", paidAt: at("10:00:00") },
  { no: "Q", status: "PAID", paidAt: at("23:00:00", BEFORE) },
  { no: "R", status: "REFUNDED", paidAt: at("22:00:00", BEFORE) },
  { no: "S", status: "REFUNDED", paidAt: at("00:00:01") },
  { no: "U", status: "PAID", paidAt: at("12:00:00") },
  { no: "V", status: "PENDING", paidAt: null },
  { no: "W", status: "PAID", paidAt: at("08:00:00", BEFORE) },
];

function billRow(no: string, fields: Partial<BillRow> = {}): BillRow {
  return { kind: "PAYMENT", tradeNo: `T${no}`, outTradeNo: `${no}-1`, subject: "咖啡", createdAt: at("09:00:00"), finishedAt: at("10:00:00"), buyerLogonId: "ifv***@sandbox.com", amountFen: 1000, receiptFen: 1000, feeFen: 6, ...fields };
}

describe.each(["sqlite", "postgresql"] as const)("reading a day on %s", (provider) => {
  let database: MigratedDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createMigratedDatabase(provider);
    db = createDb(database.url);
    for (const seed of seeds) {
      const paid = seed.paidAt !== null;
      await db.order.create({
        data: {
          id: `id-${seed.no}`, outTradeNo: seed.no, alipayOutTradeNo: `${seed.no}-1`, tradeNo: paid ? `T${seed.no}` : null, amountFen: 1000, paidFen: paid ? 1000 : 0,
          refundedFen: seed.status === "REFUNDED" ? 400 : 0, subject: "咖啡", status: seed.status, timeoutMinutes: 5, requestHash: "h", expiresAt: at("09:05:00"), createdAt: at("09:00:00", BEFORE), paidAt: seed.paidAt,
        },
      });
    }
    for (const [orderId, signature] of [["id-P", "VALID"], ["id-P", "VALID"], ["id-Q", "INVALID"], ["id-U", "VALID"], ["id-U", "MISSING"]] as const) {
      await db.notification.create({ data: { rawBody: new Uint8Array(Buffer.from("x")), bodySize: 1, orderId, signature, outcome: signature === "VALID" ? "APPLIED" : "REJECTED" } });
    }
    for (const [no, settledAt, status] of [["P", at("11:00:00"), "SUCCEEDED"], ["Q", at("23:30:00", BEFORE), "SUCCEEDED"], ["R", at("09:00:00"), "SUCCEEDED"], ["S", at("00:30:00"), "SUCCEEDED"], ["U", null, "PENDING"]] as const) {
      await db.refund.create({ data: { id: `r-${no}`, orderId: `id-${no}`, outRequestNo: `R${no}`, amountFen: 400, status, settledAt } });
    }
    // S as Alipay's clock saw it: just before midnight.
    const late = { createdAt: at("23:59:00", BEFORE), finishedAt: at("23:59:59", BEFORE) };
    const yesterday = buildTradeBill({
      pid: PID,
      date: BEFORE,
      rows: [billRow("S", late), billRow("S", { ...late, kind: "REFUND", outRequestNo: "RS", amountFen: 400, receiptFen: 400, feeFen: 2 }), billRow("W", { createdAt: at("08:00:00", BEFORE), finishedAt: at("08:00:00", BEFORE) })],
      exportedAt: at("09:00:00"),
    });
    expect(await importBill(db, { billDate: BEFORE, source: "UPLOAD", fileName: "before.csv.zip", bytes: yesterday.zip, receivedBy: null }, PID)).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("reads the orders concerned with their verdicts, their refunds, and their trades on other days' bills", async () => {
    const today = buildTradeBill({ pid: PID, date: DATE, rows: [billRow("P"), billRow("Q", { outTradeNo: "ELSEWHERE-Q" }), billRow("P", { kind: "REFUND", outRequestNo: "RP", amountFen: 400, receiptFen: 400, feeFen: 2 })], exportedAt: at("09:00:00", "2026-12-03") });
    const imported = await importBill(db, { billDate: DATE, source: "UPLOAD", fileName: "today.csv.zip", bytes: today.zip, receivedBy: null }, PID);
    if (!imported.ok) throw new Error(imported.reason);
    const input = await readDayInput(db, beijingDay(DATE), imported.billFileId, 60);

    expect([...input.bill].map((row) => [row.kind, row.tradeNo, row.outTradeNo, row.outRequestNo, row.amountFen, row.finishedAt.toISOString()])).toEqual([
      ["PAYMENT", "TP", "P-1", null, 1000, "2026-12-02T02:00:00.000Z"],
      ["PAYMENT", "TQ", "ELSEWHERE-Q", null, 1000, "2026-12-02T02:00:00.000Z"],
      ["REFUND", "TP", "P-1", "RP", -400, "2026-12-02T02:00:00.000Z"],
    ]);
    const orders = [...input.orders].sort((a, b) => a.id.localeCompare(b.id));
    expect(orders.map((o) => [o.id, o.status, o.paidFen, o.paidAt?.toISOString() ?? null, o.notifications])).toEqual([
      ["id-P", "REFUNDED", 1000, "2026-12-02T02:00:00.000Z", { verified: 2, badSignature: 0 }],
      ["id-Q", "PAID", 1000, "2026-12-01T15:00:00.000Z", { verified: 0, badSignature: 1 }],
      ["id-R", "REFUNDED", 1000, "2026-12-01T14:00:00.000Z", { verified: 0, badSignature: 0 }],
      ["id-S", "REFUNDED", 1000, "2026-12-01T16:00:01.000Z", { verified: 0, badSignature: 0 }],
      ["id-U", "PAID", 1000, "2026-12-02T04:00:00.000Z", { verified: 1, badSignature: 1 }],
    ]);
    expect(orders[0]).toMatchObject({ outTradeNo: "P", alipayOutTradeNo: "P-1", tradeNo: "TP", anomalies: [] });
    const refunds = [...input.refunds].sort((a, b) => a.orderId.localeCompare(b.orderId));
    expect(refunds).toEqual([
      { orderId: "id-P", outRequestNo: "RP", amountFen: 400, settledAt: at("11:00:00") },
      { orderId: "id-Q", outRequestNo: "RQ", amountFen: 400, settledAt: at("23:30:00", BEFORE) },
      { orderId: "id-R", outRequestNo: "RR", amountFen: 400, settledAt: at("09:00:00") },
      { orderId: "id-S", outRequestNo: "RS", amountFen: 400, settledAt: at("00:30:00") },
    ]);
    expect(input.elsewhere).toEqual({ payments: new Set(["TS"]), refunds: new Set(["TS/RS"]) });

    // The same day with its orders and their refunds read first (importBill's prepare), and a refund of
    // one of them settled since: the same input as read now, each refund once.
    const early = await readDayOrders(db, beijingDay(DATE));
    await db.refund.create({ data: { id: "r-U2", orderId: "id-U", outRequestNo: "RU2", amountFen: 100, status: "SUCCEEDED", settledAt: at("13:00:00") } });
    const prepared = await readDayInput(db, beijingDay(DATE), imported.billFileId, 60, { orders: early });
    const now = await readDayInput(db, beijingDay(DATE), imported.billFileId, 60);
    const refundKey = (refund: (typeof input.refunds)[number]) => `${refund.orderId}/${refund.outRequestNo}`;
    const sorted = (day: typeof input) => ({
      ...day,
      bill: [...day.bill],
      orders: [...day.orders].sort((a, b) => a.id.localeCompare(b.id)).map((order) => ({ ...order, paidAt: order.paidAt })),
      refunds: [...day.refunds].sort((a, b) => refundKey(a).localeCompare(refundKey(b))),
    });
    expect(sorted(prepared)).toEqual(sorted(now));
    expect(prepared.refunds.map((refund) => refund.outRequestNo).sort()).toEqual(["RP", "RQ", "RR", "RS", "RU2"]);
  });
});
