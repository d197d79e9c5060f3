// CSV for the orders export: UTF-8 with a BOM (Excel then reads Chinese right), RFC 4180 quoting,
// CRLF, and text cells that a spreadsheet would run as a formula made inert (OWASP "CSV Injection").
// Numbers are a kind of cell of their own, so that "-12.34" stays a number and a text "-1+1" does not.

/** A number written as it is: built with `csvNumber` from a decimal string (amounts from formatYuan). */
export type CsvNumber = { readonly csvNumber: string };

/** text (neutralised), a number (as is), or an empty cell. */
export type CsvCell = string | number | bigint | CsvNumber | null;
export type CsvRow = readonly CsvCell[];

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** A numeric cell from decimal text, e.g. `csvNumber(formatYuan(-1234))`; throws for anything else. */
export function csvNumber(text: string): CsvNumber {
  if (!DECIMAL.test(text)) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  return { csvNumber: text };
}

// OWASP: = + - @ tab and CR start a formula (or a DDE payload) in Excel, LibreOffice and Sheets.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function cellText(cell: CsvCell): string {
  if (cell === null) return "";
  if (typeof cell === "bigint") return cell.toString();
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw new RangeError(`a CSV number must be finite, got ${cell}`);
    return String(cell);
  }
  if (typeof cell === "object") return cell.csvNumber;
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF included. */
export function formatCsvRecord(row: CsvRow): string {
  return `${row.map(cellText).join(",")}\r\n`;
}

const BOM = "\uFEFF";
/** Rows are gathered into chunks of about this size: a chunk per row would be a write per row. */
const CHUNK_CHARS = 16 * 1024;

/**
 * Streams `header` then `rows` as CSV bytes, for a Response body. Pull-based: rows are read from the
 * iterable only when the consumer asks for bytes, about a chunk's worth at a time, so an export of any
 * size holds one chunk in memory; cancelling (the client went away) closes the iterable.
 * A row whose length differs from the header's errors the stream.
 */
export function createCsvStream(header: readonly string[], rows: AsyncIterable<CsvRow>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.asyncIterator]();
  let pending = BOM + formatCsvRecord(header);
  let line = 1;
  let done = false;
  // Reads about a chunk's worth of rows; the chunk is null after the last.
  async function nextChunk(): Promise<string | null> {
    while (!done && pending.length < CHUNK_CHARS) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      line += 1;
      if (next.value.length !== header.length) throw new RangeError(`CSV record ${line} has ${next.value.length} cells, the header ${header.length}`);
      pending += formatCsvRecord(next.value);
    }
    const chunk = pending;
    pending = "";
    return chunk === "" ? null : chunk;
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: string | null;
        try {
          chunk = await nextChunk();
        } catch (error) {
          // The rows are given up (a database cursor, say); the error the reader gets is the first one.
          await iterator.return?.().catch(() => undefined);
          throw error;
        }
        if (chunk === null) controller.close();
        else controller.enqueue(encoder.encode(chunk));
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    // No read-ahead: nothing is pulled from `rows` until a reader asks.
    { highWaterMark: 0 },
  );
}
