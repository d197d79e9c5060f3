// The fund flow's reads: payments, refunds and the bills' fees of a period, summed in the database by
// Beijing hour (a day's view) or day (a month's, a year's), store and till: a year of a busy shop is
// millions of rows, its sums days × tills. On the driver under Prisma (lib/payments/driver.ts) since Prisma cannot group by an expression.
import "server-only";
import { type Db, getDriver } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { type Row, readRows, tableOf } from "@/lib/payments/driver";
import { beijingDayStart } from "@/lib/url-params";
import { type FundsQuery, type PeriodRange, periodRange } from "./period";
import { type Cell, type FundsInput, type FundsReport, type SlotSums, buildReport, cellsOf } from "./report";

const DAY_MS = 24 * 3_600_000;

/**
 * A DateTime column's Beijing slot: its hour (yyyy-MM-dd HH) for a day's view, its day (yyyy-MM-dd) for a
 * month's or a year's, so that a year of a busy shop is summed into days × tills, not hours × tills. SQLite
 * keeps Prisma's ISO text with its offset, PostgreSQL UTC without a zone.
 */
function beijingSlot(dialect: "sqlite" | "postgresql", column: string, unit: "hour" | "day"): string {
  if (dialect === "sqlite") return `strftime('${unit === "hour" ? "%Y-%m-%d %H" : "%Y-%m-%d"}', ${column}, '+8 hours')`;
  return `to_char(${column} + interval '8 hours', '${unit === "hour" ? "YYYY-MM-DD HH24" : "YYYY-MM-DD"}')`;
}

/**
 * Each trade's fee at the rate, rounded half up to the fen as Alipay does (match-day.ts expectedFee), in
 * SQL. The rate is cast: better-sqlite3 binds a number as a real, and the division must be an integer one.
 */
const feeOf = (column: string) => `((${column} * CAST(? AS INTEGER) + 5000) / 10000)`;

const text = (value: unknown) => (value === null || value === undefined || value === "" ? null : String(value));
const sums = (row: Row): SlotSums => ({
  slot: String(row.slot),
  storeId: text(row.storeId),
  terminalId: text(row.terminalId),
  count: Number(row.count),
  amountFen: Number(row.amountFen),
  feeFen: Number(row.feeFen),
});

/** The period's sums. `feeRateBp` null: no estimate is computed (zero in its place). */
export async function readFundsInput(db: Db, range: PeriodRange, feeRateBp: number | null, unit: "hour" | "day"): Promise<FundsInput> {
  const driver = await getDriver(db);
  const table = tableOf(driver);
  const slot = (column: string) => beijingSlot(driver.kind, column, unit);
  const rate = feeRateBp ?? 0;
  const files = await db.billFile.findMany({
    where: { billDate: { gte: range.firstDay, lte: range.lastDay }, importedAt: { not: null } },
    orderBy: [{ billDate: "asc" }, { importedAt: "desc" }],
    select: { id: true, billDate: true, importedAt: true },
  });
  // A day's bill is its newest imported one (lib/reconciliation/day-input.ts currentBillFile), and only
  // once the day is over: Alipay bills whole days, and a copy taken during the day (the sandbox's
  // preview) would give the day's later trades no fee at all.
  const current = new Map<string, string>();
  for (const file of files) {
    if (current.has(file.billDate) || file.importedAt! < new Date(beijingDayStart(file.billDate).getTime() + DAY_MS)) continue;
    current.set(file.billDate, file.id);
  }
  const ids = [...current.values()];

  const [payments, refunds, billFees] = await Promise.all([
    readRows(
      driver,
      `SELECT ${slot('"paidAt"')} AS "slot", "storeId", "terminalId", COUNT(*) AS "count", SUM("paidFen") AS "amountFen", SUM(${feeOf('"paidFen"')}) AS "feeFen"
       FROM ${table("Order")} WHERE "paidAt" >= ? AND "paidAt" < ? GROUP BY 1, 2, 3`,
      [rate, range.start, range.end],
    ),
    // A refund is counted when it settled here; its fee is given back on Alipay's bill of the day Alipay
    // made it, which may be the day before (an outcome known late): a refund on any imported bill has its
    // fee there, and is not estimated again. `(status || '')` keeps SQLite on the settledAt index rather
    // than reading every settled refund's by status.
    readRows(
      driver,
      `SELECT ${slot('r."settledAt"')} AS "slot", o."storeId", o."terminalId", COUNT(*) AS "count", SUM(r."amountFen") AS "amountFen",
         SUM(CASE WHEN EXISTS (SELECT 1 FROM ${table("BillRow")} b JOIN ${table("BillFile")} f ON f."id" = b."billFileId"
                               WHERE b."tradeNo" = o."tradeNo" AND b."kind" = 'REFUND' AND b."outRequestNo" = r."outRequestNo" AND f."importedAt" IS NOT NULL)
             THEN 0 ELSE ${feeOf('r."amountFen"')} END) AS "feeFen"
       FROM ${table("Refund")} r JOIN ${table("Order")} o ON o."id" = r."orderId"
       WHERE r."settledAt" >= ? AND r."settledAt" < ? AND (r."status" || '') = 'SUCCEEDED' GROUP BY 1, 2, 3`,
      [rate, range.start, range.end],
    ),
    ids.length === 0
      ? Promise.resolve([])
      : readRows(
          driver,
          `SELECT ${slot('"finishedAt"')} AS "slot", "storeId", "terminalId", SUM("feeFen") AS "feeFen"
           FROM ${table("BillRow")} WHERE "billFileId" IN (${ids.map(() => "?").join(", ")}) GROUP BY 1, 2, 3`,
          ids,
        ),
  ]);
  return {
    payments: payments.map(sums),
    refunds: refunds.map(sums),
    billFees: billFees.map((row) => ({ slot: String(row.slot), storeId: text(row.storeId), terminalId: text(row.terminalId), feeFen: Number(row.feeFen) })),
    billedDays: new Set(current.keys()),
  };
}

/** The fee rate set for the shop (ALIPAY_FEE_RATE_BP), or null: none, or a configuration that does not load (the overview says why). */
export function configuredFeeRate(): number | null {
  try {
    return getEnv().ALIPAY_FEE_RATE_BP ?? null;
  } catch {
    return null;
  }
}

export type Funds = FundsReport & { range: PeriodRange; feeRateBp: number | null; billedDays: number };

/** The fund flow of a view. */
export async function getFunds(db: Db, query: FundsQuery, feeRateBp: number | null): Promise<Funds> {
  const range = periodRange(query.period, query.date);
  const input = await readFundsInput(db, range, feeRateBp, query.period === "day" ? "hour" : "day");
  const cells: Cell[] = cellsOf(input, feeRateBp);
  return { ...buildReport(cells, query.period, range.buckets, query.store), range, feeRateBp, billedDays: input.billedDays.size };
}
