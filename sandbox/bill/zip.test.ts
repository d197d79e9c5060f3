import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { buildTradeBill } from "./build-trade-bill";
import { decodeGbk } from "./test-support/bill-csv";
import { dayInput, PID } from "./test-support/fixtures";
import { readWithPython, testWithUnzip } from "./test-support/python-zip";
import { readZip } from "./test-support/read-zip";
import { dosDateTime, writeZip } from "./zip";

const exportedAt = new Date("2024-03-16T09:07:17+08:00");

describe("writeZip", () => {
  const entries = [
    { name: iconv.encode("账单_业务明细.csv", "gbk"), data: iconv.encode("#支付宝业务明细查询\r\n".repeat(50), "gbk") },
    { name: Buffer.from("empty.csv"), data: Buffer.alloc(0) },
  ];
  const zip = writeZip(entries, exportedAt);

  it("passes CPython's CRC check and returns the same names and bytes", () => {
    const python = readWithPython(zip);
    expect(python.bad).toBeNull();
    expect(python.entries.map((e) => e.name)).toEqual(["账单_业务明细.csv", "empty.csv"]);
    expect(python.entries.map((e) => e.data)).toEqual(entries.map((e) => e.data));
  });

  it("passes Info-ZIP's integrity test", () => {
    expect(testWithUnzip(zip)).toMatch(/No errors detected/);
  });

  it("deflates, leaves flag bit 11 clear and stamps Beijing time", () => {
    const read = readZip(zip);
    expect(read.map((e) => [e.method, e.flags])).toEqual([[8, 0], [8, 0]]);
    expect(read[0]?.name).toEqual(entries[0]?.name);
    expect(readWithPython(zip).entries[0]?.dateTime).toEqual([2024, 3, 16, 9, 7, 16]); // DOS time has 2 s steps
    expect(dosDateTime(new Date("2023-12-31T16:00:00Z"))).toEqual({ time: 0, date: (44 << 9) | (1 << 5) | 1 });
  });

  it("fails the independent CRC check when a stored CRC is wrong", () => {
    const broken = Buffer.from(zip);
    const central = broken.readUInt32LE(broken.length - 22 + 16);
    broken[14] = (broken[14] ?? 0) ^ 1; // local header CRC, low byte
    broken[central + 16] = (broken[central + 16] ?? 0) ^ 1; // central record CRC, low byte
    expect(readWithPython(broken).bad).toBe("账单_业务明细.csv");
  });
});

describe("the trade bill zip", () => {
  const { zip } = buildTradeBill(dayInput);

  it("is valid for CPython and Info-ZIP, with GBK entry names and GBK contents", () => {
    const python = readWithPython(zip);
    expect(python.bad).toBeNull();
    expect(python.entries.map((e) => [e.name, e.flagBits])).toEqual([
      [`${PID}0156_20240315_业务明细.csv`, 0],
      [`${PID}0156_20240315_业务明细(汇总).csv`, 0],
    ]);
    expect(decodeGbk(python.entries[0]?.data ?? Buffer.alloc(0))).toContain("西湖龙井茶叶礼盒");
    expect(python.entries[0]?.data.includes(Buffer.from("西湖龙井", "utf8"))).toBe(false);
    expect(testWithUnzip(zip)).toMatch(/No errors detected/);
  });
});
