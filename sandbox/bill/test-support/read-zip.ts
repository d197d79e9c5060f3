// Test-only zip reader, written from the APPNOTE layout rather than from ../zip.ts: it walks
// the central directory, follows each entry to its local header, inflates and checks the CRC.
import { crc32, inflateRawSync } from "node:zlib";

export type ReadEntry = {
  name: Buffer;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  data: Buffer;
};

function findEndRecord(zip: Buffer): number {
  for (let at = zip.length - 22; at >= 0; at--) {
    if (zip.readUInt32LE(at) === 0x06054b50) return at;
  }
  throw new Error("no end of central directory record");
}

export function readZip(zip: Buffer): ReadEntry[] {
  const end = findEndRecord(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (at + zip.readUInt32LE(end + 12) !== end) throw new Error("central directory does not end at the end record");
  const entries: ReadEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central record signature at ${at}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const name = zip.subarray(at + 46, at + 46 + nameLength);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header signature at ${local}`);
    if (!zip.subarray(local + 30, local + 30 + zip.readUInt16LE(local + 26)).equals(name)) {
      throw new Error("local and central names differ");
    }
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    const method = zip.readUInt16LE(at + 10);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    if (data.length !== size) throw new Error("size mismatch");
    if (crc32(data) !== crc) throw new Error("CRC mismatch");
    entries.push({ name, flags: zip.readUInt16LE(at + 8), method, dosTime: zip.readUInt16LE(at + 12), dosDate: zip.readUInt16LE(at + 14), data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
