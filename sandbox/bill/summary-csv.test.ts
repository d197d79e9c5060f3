import { describe, expect, it } from "vitest";
import { parseCsv, tableAfter } from "./test-support/bill-csv";
import { dayInput, PID } from "./test-support/fixtures";
import { fen, openBill } from "./test-support/open-bill";

const DETAIL_START = "#-----------------------------------------业务明细列表----------------------------------------";
const START = "#-----------------------------------------业务汇总列表----------------------------------------";
const END = "#----------------------------------------业务汇总列表结束-------------------------------------";
const HEADERS = [
  "门店编号", "门店名称", "交易订单总笔数", "退款订单总笔数", "订单金额（元）", "商家实收（元）",
  "支付宝优惠（元）", "商家优惠（元）", "卡消费金额（元）", "服务费（元）", "分润（元）", "实收净额（元）",
];

describe("buildTradeBill: 业务明细(汇总)", () => {
  const { detail, summary } = openBill(dayInput);
  const lines = summary.split("\r\n");
  const { header, rows } = tableAfter(parseCsv(summary), START);

  it("writes comment lines and markers in the detail file's style", () => {
    expect(header).toEqual(HEADERS);
    expect(lines.slice(0, 5)).toEqual([
      "#支付宝业务汇总查询",
      `#账号：[${PID}0156]`,
      "#起始日期：[2024年03月15日 00:00:00]   终止日期：[2024年03月16日 00:00:00]",
      START,
      HEADERS.join(","),
    ]);
    expect(lines.slice(5 + rows.length)).toEqual([END, "#导出时间：[2024年03月16日 09:07:17]", ""]);
  });

  it("writes one line per store, the store-less rows under an empty store, then 合计", () => {
    expect(rows.map((r) => Object.values(r))).toEqual([
      ["\t", "\t", "1", "0", "1000.00", "1000.00", "0.00", "0.00", "0.00", "-6.00", "0.00", "994.00"],
      ["S001\t", "旗舰店\t", "2", "1", "27.31", "27.31", "0.00", "0.00", "0.00", "-0.16", "0.00", "27.15"],
      ["合计", "", "3", "1", "1027.31", "1027.31", "0.00", "0.00", "0.00", "-6.16", "0.00", "1021.15"],
    ]);
  });

  it("agrees with the detail file", () => {
    const details = tableAfter(parseCsv(detail), DETAIL_START).rows;
    const total = rows.find((r) => r["门店编号"] === "合计") ?? {};
    const sum = (column: string) => details.reduce((s, r) => s + fen(r[column] ?? ""), 0);
    expect(Number(total["交易订单总笔数"])).toBe(details.filter((r) => r["业务类型"]?.trim() === "交易").length);
    expect(Number(total["退款订单总笔数"])).toBe(details.filter((r) => r["业务类型"]?.trim() === "退款").length);
    for (const column of ["订单金额（元）", "商家实收（元）", "服务费（元）"]) {
      expect(fen(total[column] ?? ""), column).toBe(sum(column));
    }
    expect(fen(total["实收净额（元）"] ?? "")).toBe(sum("商家实收（元）") + sum("服务费（元）"));
  });

  it("still writes a zero 合计 line for a day without rows", () => {
    const empty = openBill({ ...dayInput, rows: [] }).summary.split("\r\n");
    expect(empty.slice(4)).toEqual([
      HEADERS.join(","),
      "合计,,0,0,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00",
      END,
      "#导出时间：[2024年03月16日 09:07:17]",
      "",
    ]);
  });
});
