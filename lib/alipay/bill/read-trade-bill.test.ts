// The bill reader against bills in Alipay's format, as the sandbox writes them (its own tests check that
// format against §6 and public parsers of real bills), and against each way a file can be broken.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { buildTradeBill, type TradeBillInput } from "@/sandbox/bill/build-trade-bill";
import { openBill } from "@/sandbox/bill/test-support/open-bill";
import { coffee, coffeeRefund, dayInput, PID } from "@/sandbox/bill/test-support/fixtures";
import { writeZip } from "@/sandbox/bill/zip";
import { BillFormatError, readTradeBill, type TradeBillRow } from "./read-trade-bill";

const dir = mkdtempSync(path.join(tmpdir(), "bill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function file(bytes: Buffer | string): string {
  const name = path.join(dir, `bill-${files++}`);
  writeFileSync(name, bytes);
  return name;
}

async function read(bytes: Buffer | string) {
  const rows: TradeBillRow[] = [];
  const summary = await readTradeBill(file(bytes), (row) => {
    rows.push(row);
  });
  return { rows, summary };
}

async function refusal(bytes: Buffer | string): Promise<BillFormatError> {
  const error = await read(bytes).then(
    () => null,
    (error: unknown) => error,
  );
  if (!(error instanceof BillFormatError)) throw new Error(`expected a BillFormatError, got ${String(error)}`);
  return error;
}

const gbk = (text: string) => iconv.encode(text, "gbk");
/** The detail file's text of the fixture day, to be broken in the tests below. */
const detailText = openBill(dayInput).detail;
const zipOf = (detail: string, name = "20881021776494500156_20240315_业务明细.csv") => writeZip([{ name: gbk(name), data: gbk(detail) }], new Date());

describe("readTradeBill", () => {
  it("reads the zip as the download URL serves it: every row, signed fen, Beijing times, the stated totals", async () => {
    const { rows, summary } = await read(buildTradeBill(dayInput).zip);
    expect(rows.map((row) => [row.kind, row.outTradeNo, row.amountFen, row.receiptFen, row.feeFen])).toEqual([
      ["PAYMENT", coffee.outTradeNo, 1230, 1230, -7],
      ["REFUND", coffee.outTradeNo, -500, -500, 3],
      ["PAYMENT", "20240315143000000002", 100000, 100000, -600],
      ["PAYMENT", "20240315235959000003", 2001, 2001, -12],
    ]);
    const [payment, refund] = rows as [TradeBillRow, TradeBillRow];
    expect(payment).toMatchObject({ line: 6, tradeNo: coffee.tradeNo, subject: '咖啡, "大杯"', storeId: "S001", storeName: "旗舰店", terminalId: "T01", buyerLogonId: "ifv***@sandbox.com", outRequestNo: null });
    expect(payment.createdAt).toEqual(coffee.createdAt);
    expect(payment.finishedAt).toEqual(coffee.finishedAt);
    expect(refund).toMatchObject({ outRequestNo: coffeeRefund.outRequestNo, remark: "部分退款" });
    expect(rows[3]!.storeId).toBe("S001");
    expect(summary).toEqual({
      account: `${PID}0156`,
      pid: PID,
      period: { start: "2024年03月15日 00:00:00", end: "2024年03月16日 00:00:00" },
      payments: { count: 3, receiptFen: 103231, merchantDiscountFen: 0 },
      refunds: { count: 1, receiptFen: -500, merchantDiscountFen: 0 },
      feeFen: -616,
      rows: 4,
    });
  });

  it("reads the same from bytes in memory as from a file, zip or CSV", async () => {
    for (const bytes of [buildTradeBill(dayInput).zip, gbk(detailText)]) {
      const rows: TradeBillRow[] = [];
      const summary = await readTradeBill(bytes, (row) => void rows.push(row));
      expect({ rows, summary }).toEqual(await read(bytes));
    }
  });

  it("reads the 业务明细 CSV alone, in GBK or in UTF-8 after a BOM, the same", async () => {
    const fromZip = await read(buildTradeBill(dayInput).zip);
    expect(await read(gbk(detailText))).toEqual(fromZip);
    expect(await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(detailText, "utf8")]))).toEqual(fromZip);
  });

  it("finds columns by their header names, in any order, with half-width parentheses too", async () => {
    const lines = detailText.split("\r\n");
    const start = lines.findIndex((line) => line.startsWith("支付宝交易号"));
    const swap = (line: string) => {
      const fields = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((field) => field.replace(/,$/, "")).slice(0, 25);
      [fields[0], fields[11]] = [fields[11]!, fields[0]!];
      return fields.join(",");
    };
    const data = lines.slice(start, start + 5).map(swap).map((line, i) => (i === 0 ? line.replaceAll("（", "(").replaceAll("）", ")") : line));
    const moved = [...lines.slice(0, start), ...data, ...lines.slice(start + 5)].join("\r\n");
    expect((await read(gbk(moved))).rows).toEqual((await read(gbk(detailText))).rows);
  });

  it("reads an empty day", async () => {
    const { rows, summary } = await read(buildTradeBill({ ...dayInput, rows: [] }).zip);
    expect(rows).toEqual([]);
    expect(summary.payments).toEqual({ count: 0, receiptFen: 0, merchantDiscountFen: 0 });
  });

  it("reads a subject whose quoted field holds a line break (read as \\n)", async () => {
    const input: TradeBillInput = { ...dayInput, rows: [{ ...coffee, subject: "两行\r\n商品" }] };
    const { rows } = await read(buildTradeBill(input).zip);
    expect(rows.map((row) => [row.subject, row.line])).toEqual([["两行\n商品", 6]]);
  });

  it("accepts a refund total written without its minus sign, as older bills do", async () => {
    expect((await read(gbk(detailText.replace("商家实收退款共-5.00元", "商家实收退款共5.00元")))).summary.refunds.receiptFen).toBe(-500);
  });
});

describe("readTradeBill refuses a broken bill whole, naming the line", () => {
  const lineOf = (needle: string) => detailText.split("\r\n").findIndex((line) => line.includes(needle)) + 1;

  const tea = "2024031522001400000000000002";
  it.each([
    ["an amount that is not one", detailText.replace(",1000.00,1000.00,", ",1000.0.0,1000.00,"), tea, "订单金额（元） is not an amount"],
    ["a kind of business it does not know", detailText.replace(`${coffee.outTradeNo}\t,交易\t`, `${coffee.outTradeNo}\t,转账\t`), coffee.tradeNo, '业务类型 is "转账"'],
    ["a payment row with negative money", detailText.replace(",1000.00,1000.00,", ",-1000.00,-1000.00,"), tea, "negative amounts"],
    ["a time that is not one", detailText.replace("2024-03-15 14:30:00", "2024-03-15 25:30:00"), tea, "完成时间 is not a time"],
    ["a row with a field missing", detailText.replace(",1000.00,1000.00,", ",1000.00,"), tea, "24 fields where the header has 25"],
    ["a NUL character in a field", detailText.replace("西湖龙井茶叶礼盒", "西湖龙井\0茶叶礼盒"), tea, "a NUL character in the row"],
  ])("%s", async (_name, text, rowOf, reason) => {
    const error = await refusal(gbk(text));
    expect([error.problem, error.line]).toEqual(["BAD_ROW", lineOf(rowOf)]);
    expect(error.message).toContain(reason);
  });

  it("a row whose amount was changed: the file's totals disagree", async () => {
    const error = await refusal(gbk(detailText.replace(",1000.00,1000.00,", ",1000.00,999.00,")));
    expect([error.problem, error.message]).toEqual(["TOTALS_MISMATCH", "#交易合计: 商家实收 103231 fen stated, rows sum to 103131 fen"]);
  });

  it("a row taken out: the counts disagree", async () => {
    const lines = detailText.split("\r\n");
    const error = await refusal(gbk(lines.filter((line) => !line.includes("2024031522001400000000000002")).join("\r\n")));
    expect(error.problem).toBe("TOTALS_MISMATCH");
    expect(error.message).toContain("3 rows stated, 2 found");
  });

  it("a download cut short, inside the rows or before the totals", async () => {
    const cut = detailText.slice(0, detailText.indexOf("2024031522001400000000000003"));
    expect((await refusal(gbk(cut))).problem).toBe("TRUNCATED");
    expect((await refusal(gbk(detailText.slice(0, detailText.indexOf("#退款合计"))))).message).toBe("the #退款合计 line is missing");
    const open = `${detailText.slice(0, detailText.indexOf("咖啡"))}咖啡, 大`;
    expect((await refusal(gbk(open))).problem).toBe("TRUNCATED");
  });

  it("a header without a column reconciliation needs", async () => {
    const error = await refusal(gbk(detailText.replace("商家实收（元）", "实收")));
    expect([error.problem, error.line, error.reason]).toEqual(["MISSING_COLUMN", 5, "the header has no 商家实收（元）"]);
  });

  it("a file that is not a bill, or is empty", async () => {
    expect((await refusal("order,amount\r\nA1,1.00\r\n")).problem).toBe("NOT_A_BILL");
    expect((await refusal("")).problem).toBe("NOT_A_BILL");
  });

  it("bytes that are not GBK", async () => {
    const bytes = Buffer.concat([gbk(detailText.slice(0, 200)), Buffer.from([0x81, 0x20]), gbk(detailText.slice(200))]);
    expect((await refusal(bytes)).problem).toBe("BAD_ENCODING");
  });

  it("a zip whose data does not match its CRC, or that is cut short", async () => {
    const zip = buildTradeBill(dayInput).zip;
    const corrupt = Buffer.from(zip);
    const data = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28); // the first entry's compressed data
    corrupt[data + 20] = corrupt[data + 20]! ^ 0xff;
    expect((await refusal(corrupt)).problem).toBe("BAD_ZIP");
    expect((await refusal(zip.subarray(0, zip.length - 30))).problem).toBe("BAD_ZIP");
  });

  it("a zip without a 业务明细 file, or with two", async () => {
    expect((await refusal(writeZip([{ name: gbk("readme.txt"), data: gbk("hello") }], new Date()))).message).toContain("found 0 (entries: readme.txt)");
    const two = writeZip([{ name: gbk("a_业务明细.csv"), data: gbk(detailText) }, { name: gbk("b_业务明细.csv"), data: gbk(detailText) }], new Date());
    expect((await refusal(two)).problem).toBe("NO_DETAIL_FILE");
    expect((await read(zipOf(detailText))).rows).toHaveLength(4);
  });
});
