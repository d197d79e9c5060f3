// The fund flow's reads: payments, refunds and the bills' fees of a period, summed by Beijing hour, store
// and till in the database (a year of a busy shop is millions of rows, the sums a few thousand), on the
// driver under Prisma (lib/payments/driver.ts) since Prisma cannot group by an expression.
import "server-only";
import { type Db, getDriver } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { type Row, readRows, tableOf } from "@/lib/payments/driver";
import { beijingDayStart } from "@/lib/url-params";
import { type FundsQuery, type PeriodRange, periodRange } from "./period";
import { type Cell, type FundsInput, type FundsReport, type HourSums, buildReport, cellsOf } from "./report";

const DAY_MS = 24 * 3_600_000;

/** A DateTime column's Beijing hour, yyyy-MM-dd HH: SQLite keeps Prisma's ISO text with its offset, PostgreSQL UTC without a zone. */
const beijingHour = (dialect: "sqlite" | "postgresql", column: string) =>
  dialect === "sqlite" ? `strftime('%Y-%m-%d %H', ${column}, '+8 hours')` : `to_char(${column} + interval '8 hours', 'YYYY-MM-DD HH24')`;

/**
 * Each trade's fee at the rate, rounded half up to the fen as Alipay does (match-day.ts expectedFee), in
 * SQL. The rate is cast: better-sqlite3 binds a number as a real, and the division must be an integer one.
 */
const feeOf = (column: string) => `((${column} * CAST(? AS INTEGER) + 5000) / 10000)`;

const text = (value: unknown) => (value === null || value === undefined || value === "" ? null : String(value));
const sums = (row: Row): HourSums => ({
  hour: String(row.hour),
  storeId: text(row.storeId),
  terminalId: text(row.terminalId),
  count: Number(row.count),
  amountFen: Number(row.amountFen),
  feeFen: Number(row.feeFen),
});

/** The period's sums. `feeRateBp` null: no estimate is computed (zero in its place). */
export async function readFundsInput(db: Db, range: PeriodRange, feeRateBp: number | null): Promise<FundsInput> {
  const driver = await getDriver(db);
  const table = tableOf(driver);
  const hour = (column: string) => beijingHour(driver.kind, column);
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
      `SELECT ${hour('"paidAt"')} AS "hour", "storeId", "terminalId", COUNT(*) AS "count", SUM("paidFen") AS "amountFen", SUM(${feeOf('"paidFen"')}) AS "feeFen"
       FROM ${table("Order")} WHERE "paidAt" >= ? AND "paidAt" < ? GROUP BY 1, 2, 3`,
      [rate, range.start, range.end],
    ),
    // `(status || '')` keeps SQLite on the settledAt index rather than reading every settled refund's by status.
    readRows(
      driver,
      `SELECT ${hour('r."settledAt"')} AS "hour", o."storeId", o."terminalId", COUNT(*) AS "count", SUM(r."amountFen") AS "amountFen", SUM(${feeOf('r."amountFen"')}) AS "feeFen"
       FROM ${table("Refund")} r JOIN ${table("Order")} o ON o."id" = r."orderId"
       WHERE r."settledAt" >= ? AND r."settledAt" < ? AND (r."status" || '') = 'SUCCEEDED' GROUP BY 1, 2, 3`,
      [rate, range.start, range.end],
    ),
    ids.length === 0
      ? Promise.resolve([])
      : readRows(
          driver,
          `SELECT ${hour('"finishedAt"')} AS "hour", "storeId", "terminalId", SUM("feeFen") AS "feeFen"
           FROM ${table("BillRow")} WHERE "billFileId" IN (${ids.map(() => "?").join(", ")}) GROUP BY 1, 2, 3`,
          ids,
        ),
  ]);
  return {
    payments: payments.map(sums),
    refunds: refunds.map(sums),
    billFees: billFees.map((row) => ({ hour: String(row.hour), storeId: text(row.storeId), terminalId: text(row.terminalId), feeFen: Number(row.feeFen) })),
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
  const input = await readFundsInput(db, range, feeRateBp);
  const cells: Cell[] = cellsOf(input, feeRateBp);
  return { ...buildReport(cells, query.period, range.buckets, query.store), range, feeRateBp, billedDays: input.billedDays.size };
}
