// A bill's rows in PostgreSQL's COPY text format, a line each, for bill-sql.ts to store: the fields in
// COPY_COLUMNS' order, text escaped as COPY reads it, times as UTC `timestamp(3)`, in UTF-8.
import "server-only";
import { type BillBatch, TEXT_COLUMNS } from "@/lib/alipay/bill/bill-batch";
import { columnList } from "@/lib/payments/driver";

/** The columns PostgreSQL's COPY is given, in the order of each row's fields. */
const COPY_COLUMNS = ["billFileId", "line", "kind", "amountFen", "receiptFen", "merchantDiscountFen", "feeFen", "createdAt", "finishedAt", ...TEXT_COLUMNS];

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** A text field in COPY's text format: `\N` for null; a backslash, tab, newline or carriage return escaped. */
export function copyText(value: string | null): string {
  if (value === null) return "\\N";
  return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (special) => COPY_ESCAPES[special]!) : value;
}

/** The date part of the day last formatted by copyTime: a bill's times are a day's, or two. */
let copyDay = { start: Number.NaN, text: "" };
const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * Epoch milliseconds as a `timestamp(3)` in UTC (DateTime's column); NaN: none. For the whole milliseconds
 * of a bill's times (years 1000 to 9999), as the reader makes them.
 */
export function copyTime(ms: number): string {
  if (Number.isNaN(ms)) return "\\N";
  const start = ms - (((ms % 86_400_000) + 86_400_000) % 86_400_000);
  if (start !== copyDay.start) copyDay = { start, text: new Date(start).toISOString().slice(0, 10) };
  const inDay = ms - start;
  return `${copyDay.text} ${pad(Math.floor(inDay / 3_600_000), 2)}:${pad(Math.floor(inDay / 60_000) % 60, 2)}:${pad(Math.floor(inDay / 1000) % 60, 2)}.${pad(inDay % 1000, 3)}`;
}

/** A row as a line of COPY's text. */
function copyLine(id: string, batch: BillBatch, texts: readonly (readonly (string | null)[])[], i: number): string {
  let line = `${id}\t${batch.line[i]}\t${batch.refund[i] === 1 ? "REFUND" : "PAYMENT"}\t${batch.amountFen[i]}\t${batch.receiptFen[i]}\t${batch.merchantDiscountFen[i]}\t${batch.feeFen[i]}\t${copyTime(batch.createdAt[i]!)}\t${copyTime(batch.finishedAt[i]!)}`;
  for (const column of texts) line += `\t${copyText(column[i]!)}`;
  return `${line}\n`;
}

/**
 * PostgreSQL: a batch's rows as COPY's text in UTF-8, a line each, written into `into` (or a new buffer)
 * as far as it holds them. Through INSERTs the server spent twice as long on the same rows (unnesting
 * arrays, splitting JSON). Each line is written as it is made: one string of the whole batch, made of
 * thousands of pieces, took longer to flatten and encode.
 */
export function copyRows(billFileId: string, batch: BillBatch, into?: Buffer): Buffer {
  const id = copyText(billFileId);
  const texts = TEXT_COLUMNS.map((name) => batch[name]);
  // Never one of Node's shared pool slabs: the buffer is reused whole (BillRowWriter).
  let buffer = into ?? Buffer.allocUnsafeSlow(Math.max(batch.size, 1) * 256);
  let used = 0;
  for (let i = 0; i < batch.size; i++) {
    const line = copyLine(id, batch, texts, i);
    // A UTF-16 unit is at most 3 bytes of UTF-8.
    if (used + line.length * 3 > buffer.length) {
      const larger = Buffer.allocUnsafeSlow(Math.max(buffer.length * 2, used + line.length * 3));
      buffer.copy(larger, 0, 0, used);
      buffer = larger;
    }
    used += buffer.write(line, used);
  }
  return buffer.subarray(0, used);
}

/** The COPY of `billRow` (its name, quoted) that reads copyRows' lines. */
export const copyStatement = (billRow: string) => `COPY ${billRow} (${columnList(COPY_COLUMNS)}) FROM STDIN`;
