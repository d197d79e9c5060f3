// The trade bill (bill_type=trade) exactly as the bill-download URL serves it (alipay-protocol.md §6, §3.7):
// a zip of two GBK-encoded CSVs whose entry names are GBK too. Pure: no HTTP, no database.
import iconv from "iconv-lite";
import { billAccount, tradeBillNames } from "./bill-names";
import { isOnBillDay } from "./bill-time";
import { joinLines } from "./csv";
import { detailLines } from "./detail-csv";
import { summaryLines } from "./summary-csv";
import type { BillRow, TradeBill, TradeBillInput } from "./types";
import { writeZip } from "./zip";

// The server imports everything of the bill from here.
export { computeServiceFee } from "./service-fee";
export type { BillRow, TradeBill, TradeBillInput } from "./types";

/** GBK as Alipay writes it; a character outside GBK (an emoji in a subject) becomes `?`. */
function gbk(text: string): Buffer {
  return iconv.encode(text, "gbk");
}

function checkRow(row: BillRow, date: string): void {
  for (const [field, fen] of [["amountFen", row.amountFen], ["receiptFen", row.receiptFen], ["feeFen", row.feeFen]] as const) {
    if (!Number.isSafeInteger(fen) || fen < 0) {
      throw new RangeError(`${field} of ${row.tradeNo} must be a non-negative integer number of fen, got ${fen}`);
    }
  }
  // A row finished on another day belongs to another bill; writing it here would break reconciliation.
  if (!isOnBillDay(row.finishedAt, date)) {
    throw new RangeError(`${row.tradeNo} finished at ${row.finishedAt.toISOString()}, outside the bill day ${date}`);
  }
}

/** Builds `<pid>0156_<yyyyMMdd>.csv.zip` holding 业务明细 and 业务明细(汇总) for one Beijing day, or month (§6). */
export function buildTradeBill(input: TradeBillInput): TradeBill {
  const names = tradeBillNames(input.pid, input.date);
  const account = billAccount(input.pid);
  for (const row of input.rows) checkRow(row, input.date);
  // Array sort is stable, so rows finished in the same instant keep the caller's order.
  const rows = [...input.rows].sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime());
  const zip = writeZip(
    [
      { name: gbk(names.detail), data: gbk(joinLines(detailLines(account, input.date, rows, input.exportedAt))) },
      { name: gbk(names.summary), data: gbk(joinLines(summaryLines(account, input.date, rows, input.exportedAt))) },
    ],
    input.exportedAt,
  );
  return { fileName: names.zip, zip };
}
