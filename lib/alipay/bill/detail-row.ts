// One data row of 业务明细 read into a typed row (alipay-protocol.md §6): money in integer fen with the
// bill's signs (a refund's amounts negative, a payment's fee negative), times as instants.
import { parseSignedYuan } from "@/lib/money";
import { parseAlipayTime } from "../time";
import { BillFormatError } from "./bill-error";
import { DETAIL_COLUMNS, type ColumnIndex, type DetailColumn } from "./detail-columns";

export type TradeBillRow = {
  /** The row's line in the 业务明细 file. */
  line: number;
  kind: "PAYMENT" | "REFUND";
  tradeNo: string;
  outTradeNo: string | null;
  subject: string | null;
  createdAt: Date | null;
  finishedAt: Date;
  storeId: string | null;
  storeName: string | null;
  operatorId: string | null;
  terminalId: string | null;
  buyerLogonId: string | null;
  /** 订单金额: the trade's total on a payment, minus the refunded amount on a refund. */
  amountFen: number;
  /** 商家实收: what the merchant received (negative: gave back). */
  receiptFen: number;
  merchantDiscountFen: number;
  /** 服务费: negative when charged (payments), positive when returned (refunds). */
  feeFen: number;
  outRequestNo: string | null;
  remark: string | null;
};

const KINDS: Record<string, TradeBillRow["kind"]> = { 交易: "PAYMENT", 退款: "REFUND" };

export function readDetailRow(fields: readonly string[], index: ColumnIndex, headerLength: number, line: number): TradeBillRow {
  const fail = (reason: string) => new BillFormatError("BAD_ROW", line, reason);
  if (fields.length < headerLength || fields.slice(headerLength).some((field) => field !== "")) {
    throw fail(`${fields.length} fields where the header has ${headerLength}`);
  }
  const text = (column: DetailColumn) => {
    const at = index[column];
    return at === undefined || fields[at] === "" ? null : fields[at]!;
  };
  const fen = (column: DetailColumn) => {
    const value = text(column);
    if (value === null) return 0;
    const parsed = parseSignedYuan(value);
    if (parsed === null) throw fail(`${DETAIL_COLUMNS[column]} is not an amount: ${JSON.stringify(value)}`);
    return parsed;
  };
  const time = (column: DetailColumn) => {
    const value = text(column);
    if (value === null) return null;
    const parsed = parseAlipayTime(value);
    if (!parsed) throw fail(`${DETAIL_COLUMNS[column]} is not a time (yyyy-MM-dd HH:mm:ss): ${JSON.stringify(value)}`);
    return parsed;
  };

  const kindText = text("kind");
  const kind = kindText === null ? undefined : KINDS[kindText];
  if (!kind) throw fail(`业务类型 is ${JSON.stringify(kindText ?? "")}, not 交易 or 退款`);
  const tradeNo = text("tradeNo");
  if (!tradeNo) throw fail("支付宝交易号 is empty");
  const finishedAt = time("finishedAt");
  if (!finishedAt) throw fail("完成时间 is empty");
  const row: TradeBillRow = {
    line,
    kind,
    tradeNo,
    outTradeNo: text("outTradeNo"),
    subject: text("subject"),
    createdAt: time("createdAt"),
    finishedAt,
    storeId: text("storeId"),
    storeName: text("storeName"),
    operatorId: text("operatorId"),
    terminalId: text("terminalId"),
    buyerLogonId: text("buyerLogonId"),
    amountFen: fen("amount"),
    receiptFen: fen("receipt"),
    merchantDiscountFen: fen("merchantDiscount"),
    feeFen: fen("fee"),
    outRequestNo: text("outRequestNo"),
    remark: text("remark"),
  };
  // The signs say which way the money went; a row against them is not Alipay's.
  const sign = kind === "PAYMENT" ? 1 : -1;
  if (row.amountFen * sign < 0 || row.receiptFen * sign < 0) throw fail(`a ${kindText} row with ${kind === "PAYMENT" ? "negative" : "positive"} amounts`);
  return row;
}
