// A bill day (2024-03-15, Beijing) exercising what the format must get right: rows given out
// of order, a refund, a row without a store, a subject with a comma and quotes, Chinese text,
// and a payment in the last second of the Beijing day (15:59:59 UTC).
import type { BillRow, TradeBillInput } from "../types";

export const PID = "2088102177649450";

/** A Beijing wall-clock time on the bill day. */
export function beijing(time: string, day = "2024-03-15"): Date {
  return new Date(`${day}T${time}+08:00`);
}

export const coffee: BillRow = {
  kind: "PAYMENT",
  tradeNo: "2024031522001400000000000001",
  outTradeNo: "20240315100000000001",
  subject: '咖啡, "大杯"',
  createdAt: beijing("09:59:50"),
  finishedAt: beijing("10:00:05"),
  storeId: "S001",
  storeName: "旗舰店",
  operatorId: "op01",
  terminalId: "T01",
  buyerLogonId: "ifv***@sandbox.com",
  amountFen: 1230,
  receiptFen: 1230,
  feeFen: 7,
};

export const coffeeRefund: BillRow = {
  ...coffee,
  kind: "REFUND",
  finishedAt: beijing("12:00:00"),
  amountFen: 500,
  receiptFen: 500,
  outRequestNo: "R20240315001",
  feeFen: 3,
  remark: "部分退款",
};

export const tea: BillRow = {
  kind: "PAYMENT",
  tradeNo: "2024031522001400000000000002",
  outTradeNo: "20240315143000000002",
  subject: "西湖龙井茶叶礼盒",
  createdAt: beijing("14:29:00"),
  finishedAt: beijing("14:30:00"),
  buyerLogonId: "138****0000",
  amountFen: 100000,
  receiptFen: 100000,
  feeFen: 600,
};

export const lateNight: BillRow = {
  ...tea,
  tradeNo: "2024031522001400000000000003",
  outTradeNo: "20240315235959000003",
  subject: "夜宵",
  createdAt: beijing("23:59:30"),
  finishedAt: beijing("23:59:59"),
  storeId: "S001",
  storeName: "旗舰店",
  amountFen: 2001,
  receiptFen: 2001,
  feeFen: 12,
};

export const dayInput: TradeBillInput = {
  pid: PID,
  date: "2024-03-15",
  rows: [tea, lateNight, coffeeRefund, coffee],
  exportedAt: beijing("09:07:17", "2024-03-16"),
};
