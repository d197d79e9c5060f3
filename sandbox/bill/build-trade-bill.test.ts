import { describe, expect, it } from "vitest";
import { buildTradeBill } from "./build-trade-bill";
import { parseCsv, tableAfter } from "./test-support/bill-csv";
import { beijing, coffee, dayInput, PID, tea } from "./test-support/fixtures";
import { fen, openBill } from "./test-support/open-bill";

const START = "#-----------------------------------------业务明细列表----------------------------------------";
const END = "#-----------------------------------------业务明细列表结束------------------------------------";
const HEADERS = [
  "支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称",
  "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）",
  "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）",
  "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注",
];

describe("buildTradeBill: 业务明细 (§6)", () => {
  const { bill, entries, detail } = openBill(dayInput);
  const lines = detail.split("\r\n");
  const { header, rows } = tableAfter(parseCsv(detail), START);

  it("names the zip and its GBK entries after the account and the day", () => {
    expect(bill.fileName).toBe(`${PID}0156_20240315.csv.zip`);
    expect(entries.map((e) => e.fileName)).toEqual([`${PID}0156_20240315_业务明细.csv`, `${PID}0156_20240315_业务明细(汇总).csv`]);
  });

  it("ends every line with CRLF and has no bare CR or LF", () => {
    expect(lines.at(-1)).toBe("");
    expect(detail.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
  });

  it("writes the comment lines, the markers, the 25 headers in order and the totals", () => {
    expect(header).toEqual(HEADERS);
    expect(lines.slice(0, 5)).toEqual([
      "#支付宝业务明细查询",
      `#账号：[${PID}0156]`,
      "#起始日期：[2024年03月15日 00:00:00]   终止日期：[2024年03月16日 00:00:00]",
      START,
      HEADERS.join(","),
    ]);
    expect(lines.slice(5 + rows.length)).toEqual([
      END,
      "#交易合计：3笔，商家实收共1032.31元，商家优惠共0.00元",
      "#退款合计：1笔，商家实收退款共-5.00元，商家优惠退款共0.00元",
      "#导出时间：[2024年03月16日 09:07:17]",
      "",
    ]);
  });

  it("sorts rows by completion time, in Beijing time", () => {
    expect(rows.map((r) => r["完成时间"])).toEqual([
      "2024-03-15 10:00:05", "2024-03-15 12:00:00", "2024-03-15 14:30:00", "2024-03-15 23:59:59",
    ]);
  });

  it("writes a payment with tab-ended IDs, its subject intact and a negative fee", () => {
    expect(rows[0]).toEqual({
      "支付宝交易号": "2024031522001400000000000001\t", "商户订单号": "20240315100000000001\t", "业务类型": "交易\t",
      "商品名称": '咖啡, "大杯"', "创建时间": "2024-03-15 09:59:50", "完成时间": "2024-03-15 10:00:05",
      "门店编号": "S001\t", "门店名称": "旗舰店\t", "操作员": "op01\t", "终端号": "T01\t", "对方账户": "ifv***@sandbox.com\t",
      "订单金额（元）": "12.30", "商家实收（元）": "12.30", "支付宝红包（元）": "0.00", "集分宝（元）": "0.00",
      "支付宝优惠（元）": "0.00", "商家优惠（元）": "0.00", "券核销金额（元）": "0.00", "券名称": "",
      "商家红包消费金额（元）": "0.00\t", "卡消费金额（元）": "0.00", "退款批次号/请求号": "\t",
      "服务费（元）": "-0.07", "分润（元）": "0.00", "备注": "",
    });
    expect(detail).toContain(`\t,"咖啡, ""大杯""",2024-03-15 09:59:50,`);
  });

  it("writes a refund with negative amounts, its out_request_no and the fee returned", () => {
    expect(rows[1]).toMatchObject({
      "业务类型": "退款\t", "订单金额（元）": "-5.00", "商家实收（元）": "-5.00",
      "退款批次号/请求号": "R20240315001\t", "服务费（元）": "0.03", "备注": "部分退款",
    });
  });

  it("leaves a missing store, operator and terminal empty but for the tab, and keeps Chinese text", () => {
    expect(rows[2]).toMatchObject({
      "商品名称": "西湖龙井茶叶礼盒", "门店编号": "\t", "门店名称": "\t", "操作员": "\t", "终端号": "\t",
      "订单金额（元）": "1000.00", "服务费（元）": "-6.00",
    });
  });

  it("writes totals that are the sums of the rows", () => {
    const sum = (kind: string) =>
      rows.filter((r) => r["业务类型"]?.trim() === kind).reduce((total, r) => total + fen(r["商家实收（元）"] ?? ""), 0);
    const [, trades, paid] = /^#交易合计：(\d+)笔，商家实收共(-?[\d.]+)元/.exec(lines.at(-4) ?? "") ?? [];
    const [, refunds, refunded] = /^#退款合计：(\d+)笔，商家实收退款共(-?[\d.]+)元/.exec(lines.at(-3) ?? "") ?? [];
    expect([Number(trades), fen(paid ?? "")]).toEqual([3, sum("交易")]);
    expect([Number(refunds), fen(refunded ?? "")]).toEqual([1, sum("退款")]);
  });
});

describe("buildTradeBill: edge cases", () => {
  it("builds a valid bill with zero totals for a day without rows", () => {
    const { detail } = openBill({ ...dayInput, rows: [] });
    expect(detail.split("\r\n").slice(3)).toEqual([
      START,
      HEADERS.join(","),
      END,
      "#交易合计：0笔，商家实收共0.00元，商家优惠共0.00元",
      "#退款合计：0笔，商家实收退款共0.00元，商家优惠退款共0.00元",
      "#导出时间：[2024年03月16日 09:07:17]",
      "",
    ]);
  });

  it("round-trips a subject with a line break, quotes and commas", () => {
    const subject = 'a,b\r\n"c"';
    const { detail } = openBill({ ...dayInput, rows: [{ ...tea, subject }] });
    expect(tableAfter(parseCsv(detail), START).rows[0]?.["商品名称"]).toBe(subject);
  });

  it("refuses rows finished outside the Beijing bill day", () => {
    const nextDay = { ...coffee, finishedAt: beijing("00:00:00", "2024-03-16") };
    expect(() => buildTradeBill({ ...dayInput, rows: [nextDay] })).toThrow(RangeError);
  });

  it("refuses pre-signed or fractional amounts, a bad pid and a bad date", () => {
    expect(() => buildTradeBill({ ...dayInput, rows: [{ ...coffee, amountFen: -1230 }] })).toThrow(RangeError);
    expect(() => buildTradeBill({ ...dayInput, rows: [{ ...coffee, feeFen: 7.38 }] })).toThrow(RangeError);
    expect(() => buildTradeBill({ ...dayInput, pid: "2088" })).toThrow(RangeError);
    expect(() => buildTradeBill({ ...dayInput, date: "2024-02-30" })).toThrow(RangeError);
    expect(() => buildTradeBill({ ...dayInput, date: "2024-13" })).toThrow(RangeError);
  });

  it("builds a monthly bill (yyyy-MM) over the whole Beijing month", () => {
    const early = { ...coffee, finishedAt: beijing("00:00:00", "2024-03-01") };
    const late = { ...tea, finishedAt: beijing("23:59:59", "2024-03-31") };
    const { bill, detail } = openBill({ ...dayInput, date: "2024-03", rows: [late, early] });
    expect(bill.fileName).toBe(`${PID}0156_202403.csv.zip`);
    expect(detail.split("\r\n")[2]).toBe("#起始日期：[2024年03月01日 00:00:00]   终止日期：[2024年04月01日 00:00:00]");
    const rows = tableAfter(parseCsv(detail), START).rows;
    expect(rows.map((r) => r["商户订单号"]?.trim())).toEqual([early.outTradeNo, late.outTradeNo]);
    const april = { ...coffee, finishedAt: beijing("00:00:00", "2024-04-01") };
    expect(() => buildTradeBill({ ...dayInput, date: "2024-03", rows: [april] })).toThrow(RangeError);
  });
});
