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

const CHUNK = 64 * 1024;

async function head(source: string | Buffer): Promise<Buffer> {
  if (typeof source !== "string") return source.subarray(0, 4);
  const file = await open(source, "r");
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await file.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The text of `bytes` line by line, decoded strictly (a byte that is not GBK is an error, not a �). */
async function* lines(bytes: AsyncIterable<Buffer> | Iterable<Buffer>, parser: { line: () => number }): AsyncGenerator<string> {
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

function* slices(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

/** The bytes of the bill's 业务明细 CSV, from a zip or a CSV, in a file or in memory. */
async function detailBytes(source: string | Buffer): Promise<AsyncIterable<Buffer> | Iterable<Buffer>> {
  if ((await head(source)).equals(ZIP_MAGIC)) return detailEntryBytes(source);
  return typeof source === "string" ? (createReadStream(source, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) : slices(source);
}

/** Reads the bill in `source` (a file's path, or its bytes). */
export async function readTradeBill(source: string | Buffer, onRow: (row: TradeBillRow) => void | Promise<void>): Promise<TradeBillSummary> {
  const bytes = await detailBytes(source);
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
