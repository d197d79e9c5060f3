// The trade bill's zip (alipay-protocol.md §6): entry names in GBK (or UTF-8 when flag bit 11 says so),
// the 业务明细 entry streamed out and its CRC-32 checked, so that a damaged download is refused.
import type { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import yauzl from "yauzl";
import { BillFormatError } from "./bill-error";

const UTF8_NAMES = 0x800;
const gbkDecoder = new TextDecoder("gbk");

function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return entry.generalPurposeBitFlag & UTF8_NAMES ? raw.toString("utf8") : gbkDecoder.decode(raw);
}

function badZip(error: unknown): BillFormatError {
  return new BillFormatError("BAD_ZIP", null, `the zip cannot be read: ${error instanceof Error ? error.message : String(error)}`);
}

const OPTIONS = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false } as const;

/** A zip in a file (read as needed) or in memory. */
function openZip(source: string | Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zip: yauzl.ZipFile) => (error ? reject(badZip(error)) : resolve(zip));
    if (typeof source === "string") yauzl.open(source, OPTIONS, done);
    else yauzl.fromBuffer(source, OPTIONS, done);
  });
}

function listEntries(zip: yauzl.ZipFile): Promise<Array<{ name: string; entry: yauzl.Entry }>> {
  return new Promise((resolve, reject) => {
    const entries: Array<{ name: string; entry: yauzl.Entry }> = [];
    zip.on("entry", (entry: yauzl.Entry) => {
      entries.push({ name: entryName(entry), entry });
      zip.readEntry();
    });
    zip.on("end", () => resolve(entries));
    zip.on("error", (error) => reject(badZip(error)));
    zip.readEntry();
  });
}

/** `…_业务明细.csv`, not the `…_业务明细(汇总).csv` beside it. */
export function isDetailEntry(name: string): boolean {
  return /业务明细\.csv$/.test(name.split("/").pop() ?? "");
}

/** Streams the bytes of the zip's 业务明细 file; the stream errors if they do not match their CRC-32. */
export async function* detailEntryBytes(source: string | Buffer): AsyncGenerator<Buffer> {
  const zip = await openZip(source);
  try {
    const entries = await listEntries(zip);
    const details = entries.filter(({ name }) => isDetailEntry(name));
    if (details.length !== 1) {
      const names = entries.map(({ name }) => name).join(", ") || "none";
      throw new BillFormatError("NO_DETAIL_FILE", null, `expected one …_业务明细.csv in the zip, found ${details.length} (entries: ${names})`);
    }
    const { entry } = details[0]!;
    const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(badZip(error)) : resolve(stream))));
    let crc = 0;
    try {
      for await (const chunk of stream) {
        crc = crc32(chunk as Buffer, crc);
        yield chunk as Buffer;
      }
    } catch (error) {
      throw error instanceof BillFormatError ? error : badZip(error);
    }
    if (crc !== entry.crc32) throw badZip(new Error(`the 业务明细 file's CRC-32 is ${crc.toString(16)}, the zip says ${entry.crc32.toString(16)}`));
  } finally {
    zip.close();
  }
}
