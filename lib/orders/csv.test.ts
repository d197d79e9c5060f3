import { describe, expect, it } from "vitest";
import { formatYuan } from "@/lib/money";
import { createCsvStream, type CsvRow, csvNumber, formatCsvRecord } from "./csv";

async function* rowsOf(rows: CsvRow[]): AsyncGenerator<CsvRow> {
  yield* rows;
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The text after the BOM, which the test checks is there. */
async function textOf(stream: ReadableStream<Uint8Array>): Promise<string> {
  const bytes = await bytesOf(stream);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(3));
}

describe("formatCsvRecord (RFC 4180)", () => {
  it("quotes only fields with a comma, quote, CR or LF, doubling the quotes, and ends with CRLF", () => {
    expect(formatCsvRecord(["plain", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "", null])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\rhere",,\r\n',
    );
  });

  it("keeps Chinese text as it is: a full-width comma is not a separator", () => {
    expect(formatCsvRecord(["测试商品，全角逗号", "半角,逗号", "支付宝当面付"])).toBe('测试商品，全角逗号,"半角,逗号",支付宝当面付\r\n');
  });

  it.each([
    ["=1+1", "'=1+1"],
    ["+86 138 0000 0000", "'+86 138 0000 0000"],
    ["-12.34", "'-12.34"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=cmd", "'\t=cmd"],
    ["\r=cmd", "\"'\r=cmd\""],
    ['=HYPERLINK("http://x.example","点我")', `"'=HYPERLINK(""http://x.example"",""点我"")"`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
  ])("makes the text %j inert: %s", (text, written) => {
    expect(formatCsvRecord([text])).toBe(`${written}\r\n`);
  });

  it("leaves text that only contains those characters later alone", () => {
    expect(formatCsvRecord(["a=b", "1+1", "x@y.example", " =1"])).toBe("a=b,1+1,x@y.example, =1\r\n");
  });

  it("writes number cells as they are: negative amounts stay numbers", () => {
    expect(formatCsvRecord([-12.34, csvNumber("-12.34"), csvNumber(formatYuan(-500)), -1230n, 0])).toBe("-12.34,-12.34,-5.00,-1230,0\r\n");
  });

  it.each(["=1", "1e3", "12,30", " 1", "+1", "", "0x10", "1."])("refuses %j as a number", (text) => {
    expect(() => csvNumber(text)).toThrow(RangeError);
  });

  it("refuses a number that is not finite", () => {
    expect(() => formatCsvRecord([Number.NaN])).toThrow(RangeError);
    expect(() => formatCsvRecord([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe("createCsvStream", () => {
  it("writes a BOM, the header and the rows, in UTF-8", async () => {
    const stream = createCsvStream(["订单号", "商品", "金额"], rowsOf([["T1", "咖啡 \"大杯\"", csvNumber("12.30")], ["T2", "=2+5", -1]]));
    expect(await textOf(stream)).toBe('订单号,商品,金额\r\nT1,"咖啡 ""大杯""",12.30\r\nT2,\'=2+5,-1\r\n');
  });

  it("writes the header alone when there are no rows", async () => {
    expect(await textOf(createCsvStream(["a", "b"], rowsOf([])))).toBe("a,b\r\n");
  });

  it("errors on a row that does not fit the header, and closes the rows", async () => {
    let closed = false;
    async function* rows(): AsyncGenerator<CsvRow> {
      try {
        yield ["1", "2"];
        yield ["only one"];
        yield ["never", "read"];
      } finally {
        closed = true;
      }
    }
    await expect(bytesOf(createCsvStream(["a", "b"], rows()))).rejects.toThrow(/record 3 has 1 cells, the header 2/);
    expect(closed).toBe(true);
  });

  it("streams 100k rows lazily: a row is read only when the reader asks, and never far ahead of it", async () => {
    const total = 100_000;
    let pulled = 0;
    async function* rows(): AsyncGenerator<CsvRow> {
      for (let i = 0; i < total; i++) {
        pulled += 1;
        yield [`T${i}`, "测试商品", csvNumber(formatYuan(i))];
      }
    }
    const stream = createCsvStream(["outTradeNo", "subject", "amount"], rows());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pulled).toBe(0);

    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let records = 0;
    let chunks = 0;
    let largest = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks += 1;
      largest = Math.max(largest, value.length);
      records += decoder.decode(value, { stream: true }).split("\r\n").length - 1;
      // Every row read so far is in the bytes handed out: nothing waits in a buffer.
      expect(pulled).toBe(records - 1);
    }
    expect(pulled).toBe(total);
    expect(records).toBe(total + 1);
    expect(chunks).toBeGreaterThan(100);
    expect(largest).toBeLessThan(64 * 1024);
  });

  it("closes the rows when the reader cancels (the client went away)", async () => {
    let pulled = 0;
    let closed = false;
    async function* rows(): AsyncGenerator<CsvRow> {
      try {
        for (;;) {
          pulled += 1;
          yield ["x".repeat(100)];
        }
      } finally {
        closed = true;
      }
    }
    const reader = createCsvStream(["a"], rows()).getReader();
    await reader.read();
    await reader.cancel();
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(1000);
  });
});
