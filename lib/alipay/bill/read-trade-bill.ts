// Reads a trade bill file as Alipay's download URL serves it, or as an operator saved it from the
// merchant site (alipay-protocol.md §6): the zip, or its 业务明细 CSV alone; GBK, or UTF-8 after a BOM.
// Streams: rows are handed to `onRow` one at a time, awaited, so a bill of any size fits in bounded memory.
// Resolves with the summary only once the file's own totals agree with its rows; otherwise rejects with a
// BillFormatError naming the line, and the caller discards what it was given.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { BillFormatError } from "./bill-error";
import { detailEntryBytes } from "./bill-zip";
import { DetailParser, type TradeBillSummary } from "./detail-parser";
import type { TradeBillRow } from "./detail-row";

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function head(path: string): Promise<Buffer> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await file.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The text of `bytes` line by line, decoded strictly (a byte that is not GBK is an error, not a �). */
async function* lines(bytes: AsyncIterable<Buffer>, parser: { line: () => number }): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let rest = "";
  for await (const chunk of bytes) {
    if (!decoder) {
      const bom = chunk.subarray(0, 3).equals(UTF8_BOM);
      decoder = new TextDecoder(bom ? "utf-8" : "gbk", { fatal: true, ignoreBOM: false });
    }
    let text: string;
    try {
      text = rest + decoder.decode(chunk, { stream: true });
    } catch {
      throw new BillFormatError("BAD_ENCODING", parser.line() + 1, "bytes that are not GBK text");
    }
    const parts = text.split("\n");
    rest = parts.pop()!;
    for (const part of parts) yield part.endsWith("\r") ? part.slice(0, -1) : part;
  }
  try {
    rest += decoder?.decode() ?? "";
  } catch {
    throw new BillFormatError("BAD_ENCODING", parser.line() + 1, "the file ends inside a character");
  }
  if (rest !== "") yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}

export async function readTradeBill(path: string, onRow: (row: TradeBillRow) => void | Promise<void>): Promise<TradeBillSummary> {
  const magic = await head(path);
  const bytes = magic.equals(ZIP_MAGIC) ? detailEntryBytes(path) : (createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>);
  const parser = new DetailParser();
  let count = 0;
  for await (const line of lines(bytes, { line: () => count })) {
    count += 1;
    const row = parser.push(line);
    if (row) await onRow(row);
  }
  return parser.end();
}

export { BillFormatError, type BillProblem } from "./bill-error";
export type { TradeBillSummary, BillTotals } from "./detail-parser";
export type { TradeBillRow } from "./detail-row";
