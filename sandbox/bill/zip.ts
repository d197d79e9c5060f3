// A minimal zip writer for the bill download (alipay-protocol.md §6): DEFLATE entries, no zip64,
// no data descriptors. Entry names are given as bytes because Alipay writes them in GBK, so
// general-purpose flag bit 11 (names are UTF-8) stays clear.
import { crc32, deflateRawSync } from "node:zlib";

export type ZipEntry = { name: Buffer; data: Buffer };

const VERSION = 20; // 2.0: the version that introduced DEFLATE; high byte 0 = MS-DOS attributes
const METHOD_DEFLATE = 8;
const FLAGS = 0;
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** MS-DOS time and date fields of a moment, in Beijing time as Alipay's servers would stamp it. */
export function dosDateTime(moment: Date): { time: number; date: number } {
  const t = new Date(moment.getTime() + BEIJING_OFFSET_MS);
  const year = t.getUTCFullYear();
  if (year < 1980 || year > 2107) throw new RangeError(`a zip timestamp needs a year in 1980..2107, got ${year}`);
  return {
    time: (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | (t.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate(),
  };
}

type Packed = ZipEntry & { crc: number; compressed: Buffer; offset: number };

/** The fields shared by a local header (from offset 4) and a central record (from offset 6). */
function commonFields(entry: Packed, stamp: { time: number; date: number }): Buffer {
  const b = Buffer.alloc(26);
  b.writeUInt16LE(VERSION, 0);
  b.writeUInt16LE(FLAGS, 2);
  b.writeUInt16LE(METHOD_DEFLATE, 4);
  b.writeUInt16LE(stamp.time, 6);
  b.writeUInt16LE(stamp.date, 8);
  b.writeUInt32LE(entry.crc, 10);
  b.writeUInt32LE(entry.compressed.length, 14);
  b.writeUInt32LE(entry.data.length, 18);
  b.writeUInt16LE(entry.name.length, 22);
  b.writeUInt16LE(0, 24); // extra field length
  return b;
}

function localHeader(entry: Packed, stamp: { time: number; date: number }): Buffer {
  const signature = Buffer.alloc(4);
  signature.writeUInt32LE(0x04034b50, 0);
  return Buffer.concat([signature, commonFields(entry, stamp), entry.name]);
}

function centralRecord(entry: Packed, stamp: { time: number; date: number }): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt32LE(0x02014b50, 0);
  head.writeUInt16LE(VERSION, 4); // version made by
  const tail = Buffer.alloc(14); // comment length, disk number, internal and external attributes: 0
  tail.writeUInt32LE(entry.offset, 10);
  return Buffer.concat([head, commonFields(entry, stamp), tail, entry.name]);
}

function endRecord(count: number, size: number, offset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(count, 8); // entries on this disk
  b.writeUInt16LE(count, 10); // entries in total
  b.writeUInt32LE(size, 12);
  b.writeUInt32LE(offset, 16);
  return b;
}

/** A zip archive of the entries, all stamped with `modifiedAt`. */
export function writeZip(entries: readonly ZipEntry[], modifiedAt: Date): Buffer {
  if (entries.length > 0xffff) throw new RangeError("too many zip entries for a non-zip64 archive");
  const stamp = dosDateTime(modifiedAt);
  const locals: Buffer[] = [];
  const packed: Packed[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (entry.name.length > 0xffff) throw new RangeError("zip entry name too long");
    const item: Packed = { ...entry, crc: crc32(entry.data), compressed: deflateRawSync(entry.data), offset };
    const local = Buffer.concat([localHeader(item, stamp), item.compressed]);
    offset += local.length;
    if (offset > 0xffffffff) throw new RangeError("zip archive too large without zip64");
    locals.push(local);
    packed.push(item);
  }
  const central = Buffer.concat(packed.map((item) => centralRecord(item, stamp)));
  return Buffer.concat([...locals, central, endRecord(packed.length, central.length, offset)]);
}
