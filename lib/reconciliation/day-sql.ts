// Reading a day's three sources in plain SQL on the driver under Prisma (lib/payments/driver.ts), in one
// transaction (one consistent view). Prisma costs
// 1-2 ms of CPU per query and more per row mapped; a day of 100,000 rows read through it took seconds and
// hundreds of MB. Money columns come back as numbers, times as instants, on both providers.
import "server-only";
import type { Db } from "@/lib/db";
import { all, run, type Row, type Value } from "@/lib/payments/driver";
import type { BillLine, DayInput, LocalOrder, LocalRefund } from "./match-day";
import { transact } from "./transact";

/**
 * A DateTime column as something `at` reads whatever the session's time zone: SQLite keeps Prisma's ISO
 * text (with its offset); PostgreSQL's timestamp without time zone holds UTC, read as epoch milliseconds.
 */
const instant = (dialect: string, column: string) => (dialect === "sqlite" ? column : `CAST(EXTRACT(EPOCH FROM ${column}) * 1000 AS BIGINT)`);
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const at = (value: unknown) => (value === null || value === undefined ? null : new Date(typeof value === "string" && !/^\d+$/.test(value) ? value : Number(value)));

/** A day's bill (the file given), the orders and refunds concerned, and their notifications' verdicts. */
export async function readDayInput(db: Db, day: DayInput["day"], billFileId: string, feeRateBp: number | null): Promise<DayInput> {
  const read = await transact(db, function* (table, dialect) {
    const [B, O, R, N, F] = ["BillRow", "Order", "Refund", "Notification", "BillFile"].map(table) as [string, string, string, string, string];
    const range: Value[] = [day.start, day.end];
    // The orders concerned, once, in a temporary table: those the bill names (by Alipay's out_trade_no or
    // by trade number), those paid on the day, and those with a refund settled on the day.
    yield run(dialect === "sqlite" ? `CREATE TEMP TABLE IF NOT EXISTS "reconciliation_ids" ("id" TEXT PRIMARY KEY)` : `CREATE TEMP TABLE "reconciliation_ids" ("id" TEXT PRIMARY KEY) ON COMMIT DROP`, []);
    yield run(`DELETE FROM "reconciliation_ids"`, []);
    yield run(
      `INSERT INTO "reconciliation_ids" ("id")
       SELECT o."id" FROM ${O} o JOIN ${B} b ON b."outTradeNo" = o."alipayOutTradeNo" WHERE b."billFileId" = ?
       UNION SELECT o."id" FROM ${O} o JOIN ${B} b ON b."tradeNo" = o."tradeNo" WHERE b."billFileId" = ?
       UNION SELECT o."id" FROM ${O} o WHERE o."paidAt" >= ? AND o."paidAt" < ? AND o."status" IN ('PAID', 'REFUNDED')
       UNION SELECT r."orderId" FROM ${R} r WHERE r."status" = 'SUCCEEDED' AND r."settledAt" >= ? AND r."settledAt" < ?`,
      [billFileId, billFileId, ...range, ...range],
    );
    const ids = `SELECT "id" FROM "reconciliation_ids"`;
    const bill = (yield all(`SELECT "line", "kind", "tradeNo", "outTradeNo", "outRequestNo", "amountFen", "receiptFen", "feeFen", ${instant(dialect, '"finishedAt"')} AS "finished" FROM ${B} WHERE "billFileId" = ? ORDER BY "line"`, [billFileId])) as Row[];
    // From the ids outwards (SQLite, without statistics, would otherwise pick an index that reads every
    // notification for each order): a CROSS JOIN fixes SQLite's order; PostgreSQL plans a comma join itself.
    // `(status || '')` keeps SQLite off the refunds' status index, which it would probe once per order.
    const from = (tableName: string, alias: string) => `FROM "reconciliation_ids" i ${dialect === "sqlite" ? "CROSS JOIN" : ","} ${tableName} ${alias}`;
    const orders = (yield all(`SELECT o."id", o."outTradeNo", o."alipayOutTradeNo", o."tradeNo", o."status", o."paidFen", o."anomalies", ${instant(dialect, 'o."paidAt"')} AS "paid" ${from(O, "o")} WHERE o."id" = i."id"`, [])) as Row[];
    const verdicts = (yield all(
      `SELECT n."orderId", SUM(CASE WHEN n."signature" = 'VALID' THEN 1 ELSE 0 END) AS "verified",
         SUM(CASE WHEN n."signature" IN ('INVALID', 'MISSING', 'UNSUPPORTED_SIGN_TYPE') THEN 1 ELSE 0 END) AS "badSignature"
       ${from(N, "n")} WHERE n."orderId" = i."id" GROUP BY n."orderId"`,
      [],
    )) as Row[];
    const refunds = (yield all(`SELECT r."orderId", r."outRequestNo", r."amountFen", ${instant(dialect, 'r."settledAt"')} AS "settled" ${from(R, "r")} WHERE r."orderId" = i."id" AND (r."status" || '') = 'SUCCEEDED'`, [])) as Row[];
    // Trades paid or refunded here and not on this bill: on another day's imported bill?
    const elsewhere = (yield all(
      `SELECT b."kind", b."tradeNo", b."outRequestNo" FROM ${B} b JOIN ${F} f ON f."id" = b."billFileId"
       WHERE f."importedAt" IS NOT NULL AND b."billFileId" <> ?
         AND b."tradeNo" IN (SELECT o."tradeNo" FROM ${O} o WHERE o."id" IN (${ids}) AND o."tradeNo" IS NOT NULL)
         AND b."tradeNo" NOT IN (SELECT "tradeNo" FROM ${B} WHERE "billFileId" = ?)`,
      [billFileId, billFileId],
    )) as Row[];
    if (dialect === "sqlite") yield run(`DELETE FROM "reconciliation_ids"`, []);
    return { bill, orders, verdicts, refunds, elsewhere };
  }, "reading the day");

  const verdicts = new Map(read.verdicts.map((row) => [String(row.orderId), { verified: Number(row.verified), badSignature: Number(row.badSignature) }]));
  return {
    day,
    bill: read.bill.map((row): BillLine => ({
      line: Number(row.line),
      kind: row.kind === "REFUND" ? "REFUND" : "PAYMENT",
      tradeNo: String(row.tradeNo),
      outTradeNo: (row.outTradeNo as string | null) ?? null,
      outRequestNo: (row.outRequestNo as string | null) ?? null,
      amountFen: Number(row.amountFen),
      receiptFen: Number(row.receiptFen),
      feeFen: Number(row.feeFen),
      finishedAt: at(row.finished)!,
    })),
    orders: read.orders.map((row): LocalOrder => ({
      id: String(row.id),
      outTradeNo: String(row.outTradeNo),
      alipayOutTradeNo: (row.alipayOutTradeNo as string | null) ?? null,
      tradeNo: (row.tradeNo as string | null) ?? null,
      status: String(row.status),
      paidFen: num(row.paidFen) ?? 0,
      paidAt: at(row.paid),
      anomalies: row.anomalies ? String(row.anomalies).split(",") : [],
      notifications: verdicts.get(String(row.id)) ?? { verified: 0, badSignature: 0 },
    })),
    refunds: read.refunds.map((row): LocalRefund => ({ orderId: String(row.orderId), outRequestNo: String(row.outRequestNo), amountFen: Number(row.amountFen), settledAt: at(row.settled) })),
    elsewhere: {
      payments: new Set(read.elsewhere.filter((row) => row.kind === "PAYMENT").map((row) => String(row.tradeNo))),
      refunds: new Set(read.elsewhere.filter((row) => row.kind === "REFUND").map((row) => `${row.tradeNo}/${row.outRequestNo}`)),
    },
    feeRateBp,
  };
}
