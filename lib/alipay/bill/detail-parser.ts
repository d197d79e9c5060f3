// The 业务明细 file of a trade bill, line by line (alipay-protocol.md §6): comment lines, the start
// marker, one header row, the data rows, the end marker, then the totals, which are checked against the
// sum of the rows. Fed one line at a time, so a bill of any size is read in the memory of one row.
import { parseSignedYuan } from "@/lib/money";
import { BillFormatError } from "./bill-error";
import { splitCsvRecord } from "./csv-record";
import { indexColumns, type ColumnIndex } from "./detail-columns";
import { readDetailRow, type TradeBillRow } from "./detail-row";

export type BillTotals = { count: number; receiptFen: number; merchantDiscountFen: number };

export type TradeBillSummary = {
  /** `#账号：[…]`: the pid followed by the account suffix (`0156` for CNY). */
  account: string | null;
  /** The merchant's partner id: the account's first 16 digits. */
  pid: string | null;
  /** From `#起始日期：[…]   终止日期：[…]`, as written (Beijing time). */
  period: { start: string; end: string } | null;
  /** Summed from the rows, and equal to the file's own totals. */
  payments: BillTotals;
  refunds: BillTotals;
  feeFen: number;
  rows: number;
};

const START_MARKER = /^#-+业务明细列表-+$/;
const END_MARKER = /^#-+业务明细列表结束-+$/;
const ACCOUNT = /^#账号：\[(\d+)\]/;
const PERIOD = /^#起始日期：\[([^\]]*)\]\s*终止日期：\[([^\]]*)\]/;
const PAYMENT_TOTAL = /^#交易合计：(\d+)笔，商家实收共(-?[\d.]+)元(?:，商家优惠共(-?[\d.]+)元)?/;
const REFUND_TOTAL = /^#退款合计：(\d+)笔，商家实收退款共(-?[\d.]+)元(?:，商家优惠退款共(-?[\d.]+)元)?/;
/** A quoted field spanning more lines than this is a broken quote, not a subject. */
const MAX_RECORD_LINES = 20;

type State = "preamble" | "header" | "rows" | "trailer";

const zero = (): BillTotals => ({ count: 0, receiptFen: 0, merchantDiscountFen: 0 });

export class DetailParser {
  private state: State = "preamble";
  private line = 0;
  private pending: { text: string; line: number; lines: number } | null = null;
  private columns: { index: ColumnIndex; length: number; hasDiscount: boolean } | null = null;
  private readonly summary: TradeBillSummary = { account: null, pid: null, period: null, payments: zero(), refunds: zero(), feeFen: 0, rows: 0 };
  private readonly stated: { payments?: BillTotals; refunds?: BillTotals } = {};

  /** The next line (without its line break); returns the row it completes, if any. */
  push(text: string): TradeBillRow | null {
    this.line += 1;
    if (this.pending) {
      const record = { ...this.pending, text: `${this.pending.text}\n${text}`, lines: this.pending.lines + 1 };
      this.pending = null;
      return this.record(record.text, record.line, record.lines);
    }
    const trimmed = text.trim();
    if (trimmed === "") return null;
    if (this.state === "preamble" || this.state === "trailer") {
      this.comment(trimmed);
      return null;
    }
    if (this.state === "rows" && trimmed.startsWith("#")) {
      // The first comment after the data ends it (the end marker, or a bill that goes straight to totals).
      this.state = "trailer";
      if (!END_MARKER.test(trimmed)) this.comment(trimmed);
      return null;
    }
    return this.record(text, this.line, 1);
  }

  /** The end of the file: the summary, once the file's totals agree with its rows. */
  end(): TradeBillSummary {
    if (this.pending) throw new BillFormatError("TRUNCATED", this.pending.line, "a quoted field is never closed");
    if (this.state === "rows") throw new BillFormatError("TRUNCATED", null, "the file ends inside the list of rows, before its end marker: was the download cut short?");
    if (this.state !== "trailer") throw new BillFormatError("NOT_A_BILL", null, "no list of 业务明细 was found: is this a trade bill?");
    const { payments, refunds } = this.stated;
    if (!payments || !refunds) throw new BillFormatError("TRUNCATED", null, `the ${payments ? "#退款合计" : "#交易合计"} line is missing`);
    this.checkTotals("交易合计", this.summary.payments, payments, true);
    this.checkTotals("退款合计", this.summary.refunds, refunds, false);
    return this.summary;
  }

  private record(text: string, line: number, lines: number): TradeBillRow | null {
    const fields = splitCsvRecord(text);
    if (!fields) {
      if (lines >= MAX_RECORD_LINES) throw new BillFormatError("BAD_ROW", line, `a quoted field runs over ${MAX_RECORD_LINES} lines`);
      this.pending = { text, line, lines };
      return null;
    }
    if (this.state === "header") {
      this.header(fields, line);
      return null;
    }
    // No bill holds one, and PostgreSQL's text cannot: refused here, on its line, on both databases alike.
    if (text.includes("\0")) throw new BillFormatError("BAD_ROW", line, "a NUL character in the row");
    const row = readDetailRow(fields, this.columns!.index, this.columns!.length, line);
    const totals = row.kind === "PAYMENT" ? this.summary.payments : this.summary.refunds;
    totals.count += 1;
    totals.receiptFen += row.receiptFen;
    totals.merchantDiscountFen += row.merchantDiscountFen;
    this.summary.feeFen += row.feeFen;
    this.summary.rows += 1;
    return row;
  }

  private header(fields: string[], line: number): void {
    const { index, missing } = indexColumns(fields);
    if (missing.length > 0) throw new BillFormatError("MISSING_COLUMN", line, `the header has no ${missing.join(", ")}`);
    this.columns = { index, length: fields.length, hasDiscount: index.merchantDiscount !== undefined };
    this.state = "rows";
  }

  private comment(text: string): void {
    if (this.state === "preamble") {
      if (START_MARKER.test(text)) this.state = "header";
      else if (!text.startsWith("#")) throw new BillFormatError("NOT_A_BILL", this.line, "expected the bill's # lines before its list; this is not a trade bill's 业务明细");
      const account = ACCOUNT.exec(text)?.[1];
      if (account) this.summary.account = account;
      if (account && /^2088\d{12}/.test(account)) this.summary.pid = account.slice(0, 16);
      const period = PERIOD.exec(text);
      if (period) this.summary.period = { start: period[1]!, end: period[2]! };
      return;
    }
    if (!text.startsWith("#")) throw new BillFormatError("BAD_ROW", this.line, "a data line after the end of the list");
    const payments = PAYMENT_TOTAL.exec(text);
    if (payments) this.stated.payments = this.totals(payments);
    const refunds = REFUND_TOTAL.exec(text);
    if (refunds) this.stated.refunds = this.totals(refunds);
  }

  private totals(match: RegExpExecArray): BillTotals {
    const amount = (text: string | undefined) => {
      const fen = text === undefined ? 0 : parseSignedYuan(text);
      if (fen === null) throw new BillFormatError("BAD_ROW", this.line, `not an amount: ${JSON.stringify(text)}`);
      return fen;
    };
    return { count: Number(match[1]), receiptFen: amount(match[2]), merchantDiscountFen: amount(match[3]) };
  }

  /**
   * The file's totals against its rows. Refund totals are written negative by current bills and positive
   * by some older ones (`signed` false): there only the size must agree.
   */
  private checkTotals(label: string, summed: BillTotals, stated: BillTotals, signed: boolean): void {
    const same = (a: number, b: number) => (signed ? a === b : Math.abs(a) === Math.abs(b));
    const problems: string[] = [];
    if (summed.count !== stated.count) problems.push(`${stated.count} rows stated, ${summed.count} found`);
    if (!same(summed.receiptFen, stated.receiptFen)) problems.push(`商家实收 ${stated.receiptFen} fen stated, rows sum to ${summed.receiptFen} fen`);
    if (this.columns!.hasDiscount && !same(summed.merchantDiscountFen, stated.merchantDiscountFen)) {
      problems.push(`商家优惠 ${stated.merchantDiscountFen} fen stated, rows sum to ${summed.merchantDiscountFen} fen`);
    }
    if (problems.length > 0) throw new BillFormatError("TOTALS_MISMATCH", null, `#${label}: ${problems.join("; ")}`);
  }
}
