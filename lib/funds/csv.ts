// The fund flow's export: a CSV record per bucket, store and till, amounts as yuan numbers from fen (the
// report's own figures: the page and the file cannot disagree). Pure.
import { type CsvRow, csvNumber } from "@/lib/orders/csv";
import { formatYuan } from "@/lib/money";
import type { FeeSource, FundsReport } from "./report";

export const FUNDS_CSV_COLUMNS = ["period", "store", "terminal", "payments", "paid", "refunds", "refunded", "net", "fee", "feeSource", "settlement"] as const;
export type FundsCsvColumn = (typeof FUNDS_CSV_COLUMNS)[number];

const yuan = (fen: number | null) => (fen === null ? null : csvNumber(formatYuan(fen)));

/** The report's rows as CSV records; a fee from several sources is written with each, joined by "+". */
export function fundsCsvRows(report: FundsReport, feeSource: (source: FeeSource) => string): CsvRow[] {
  return report.rows.map((row) => [
    row.bucket,
    row.storeId,
    row.terminalId,
    row.payments,
    yuan(row.paidFen),
    row.refunds,
    yuan(row.refundedFen),
    yuan(row.netFen),
    yuan(row.feeFen),
    row.feeSources.map(feeSource).join("+"),
    yuan(row.settlementFen),
  ]);
}
