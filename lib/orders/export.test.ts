import { describe, expect, it } from "vitest";
import { formatCsvRecord } from "./csv";
import { beijingStamp, formatBeijingTime, ORDER_CSV_COLUMNS, orderCsvRow, type ExportedOrder } from "./export";

const LABELS: Record<string, string> = { PENDING: "待支付", PAID: "已支付", PARTLY_REFUNDED: "部分退款", REFUNDED: "已退款", CLOSED: "已关闭", FAILED: "失败" };
const label = (status: string) => LABELS[status]!;

const PAID: ExportedOrder = {
  outTradeNo: "T20261202001",
  tradeNo: "2026120222001400000000000001",
  subject: "拿铁咖啡，大杯",
  status: "PAID",
  amountFen: 1230,
  paidFen: 1230,
  refundedFen: 0,
  refundPendingFen: 0,
  anomalies: "",
  buyerLogonId: "138****0000",
  // 15:59:59Z is 23:59:59 in Beijing on 1 December; 16:00Z is already 2 December there.
  createdAt: new Date("2026-12-01T15:59:59.999Z"),
  paidAt: new Date("2026-12-01T16:00:00Z"),
};

const record = (order: ExportedOrder) => formatCsvRecord(orderCsvRow(order, label));

describe("orderCsvRow", () => {
  it("writes one cell per column: the codes and the label, yuan from fen, Beijing times", () => {
    const row = orderCsvRow(PAID, label);
    expect(row).toHaveLength(ORDER_CSV_COLUMNS.length);
    expect(record(PAID)).toBe("T20261202001,2026120222001400000000000001,拿铁咖啡，大杯,PAID,已支付,12.30,12.30,0.00,0.00,,138****0000,2026-12-01 23:59:59,2026-12-02 00:00:00\r\n");
  });

  it("leaves what an order does not have yet empty", () => {
    const pending = { ...PAID, status: "PENDING", tradeNo: null, paidFen: 0, buyerLogonId: null, paidAt: null };
    expect(record(pending)).toBe("T20261202001,,拿铁咖啡，大杯,PENDING,待支付,12.30,0.00,0.00,0.00,,,2026-12-01 23:59:59,\r\n");
  });

  it("labels a paid order with part of it refunded as the console does, and keeps its code", () => {
    const cells = orderCsvRow({ ...PAID, refundedFen: 500, refundPendingFen: 230, anomalies: "PAID_AFTER_CLOSE,REFUND_UNSETTLED" }, label);
    expect(cells.slice(3, 10)).toEqual(["PAID", "部分退款", { csvNumber: "12.30" }, { csvNumber: "12.30" }, { csvNumber: "5.00" }, { csvNumber: "2.30" }, "PAID_AFTER_CLOSE REFUND_UNSETTLED"]);
  });

  it("writes a status it does not know as it is, for both columns", () => {
    expect(orderCsvRow({ ...PAID, status: "ARCHIVED" }, label).slice(3, 5)).toEqual(["ARCHIVED", "ARCHIVED"]);
  });

  it("makes a subject that a spreadsheet would run inert, and quotes it", () => {
    expect(record({ ...PAID, subject: '=HYPERLINK("http://x.example","点我")' })).toContain(`,"'=HYPERLINK(""http://x.example"",""点我"")",`);
    expect(record({ ...PAID, subject: "@SUM(A1)" })).toContain(",'@SUM(A1),");
  });

  it("writes large amounts exactly, from integer fen", () => {
    expect(orderCsvRow({ ...PAID, amountFen: 10_000_000_000, paidFen: 9_999_999_999 }, label).slice(5, 7)).toEqual([{ csvNumber: "100000000.00" }, { csvNumber: "99999999.99" }]);
  });
});

describe("Beijing time", () => {
  it("is UTC+8 to the second, whatever the process's time zone", () => {
    expect(formatBeijingTime(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01 00:00:00");
    expect(formatBeijingTime(new Date("2026-07-01T03:04:05.678Z"))).toBe("2026-07-01 11:04:05");
  });

  it("names files by the Beijing date and time", () => {
    expect(beijingStamp(new Date("2026-12-01T16:37:31Z"))).toBe("20261202-003731");
  });
});
