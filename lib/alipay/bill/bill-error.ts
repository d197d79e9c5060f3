// A trade bill that cannot be read as one (alipay-protocol.md §6): what is wrong and on which line,
// so that an operator can tell a truncated download from a file of another kind.

export type BillProblem =
  /** Neither a zip nor the bill's CSV. */
  | "NOT_A_BILL"
  /** A zip that cannot be read, or whose data does not match its checksum. */
  | "BAD_ZIP"
  /** A zip without exactly one 业务明细 file. */
  | "NO_DETAIL_FILE"
  /** Bytes that are not GBK (or UTF-8 after a BOM). */
  | "BAD_ENCODING"
  /** The header row lacks a column the reconciliation needs. */
  | "MISSING_COLUMN"
  /** A data row that cannot be read: field count, type, amount or time. */
  | "BAD_ROW"
  /** The file stops before its end marker or its totals. */
  | "TRUNCATED"
  /** The file's own totals disagree with the sum of its rows. */
  | "TOTALS_MISMATCH";

export class BillFormatError extends Error {
  override readonly name = "BillFormatError";

  constructor(
    readonly problem: BillProblem,
    /** 1-based line of the 业务明细 file; null when the problem is the file itself. */
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(line === null ? reason : `line ${line}: ${reason}`);
  }
}
