// The detail file of the trade bill, 业务明细 (alipay-protocol.md §6). Its layout copies real
// bills: the comment lines, the dash-padded markers (41 dashes, then 40 / 36) and the
// tab-suffixed columns are as Alipay writes them, so parsers keyed on exact lines keep working.
import { formatYuan } from "@/lib/money";
import { formatAlipayTime } from "@/lib/alipay/time";
import { asText, csvLine } from "./csv";
import { dateRangeLine, exportedAtLine } from "./bill-time";
import type { BillRow } from "./types";

export const DETAIL_TITLE = "#支付宝业务明细查询";
export const DETAIL_START = `#${"-".repeat(41)}业务明细列表${"-".repeat(40)}`;
export const DETAIL_END = `#${"-".repeat(41)}业务明细列表结束${"-".repeat(36)}`;

export const DETAIL_HEADERS = [
  "支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间",
  "门店编号", "门店名称", "操作员", "终端号", "对方账户",
  "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）", "商家优惠（元）",
  "券核销金额（元）", "券名称", "商家红包消费金额（元）", "卡消费金额（元）",
  "退款批次号/请求号", "服务费（元）", "分润（元）", "备注",
] as const;

const ZERO = formatYuan(0);

/**
 * One data row. Refunds carry negative 订单金额 and 商家实收 and a positive (returned) 服务费;
 * payments a negative 服务费. The sandbox has no discounts, red packets or profit sharing,
 * so those columns are zero. Which columns get a trailing tab follows real bills, including
 * 业务类型, 对方账户 and 商家红包消费金额.
 */
function detailRow(row: BillRow): string[] {
  const refund = row.kind === "REFUND";
  const sign = refund ? -1 : 1;
  return [
    asText(row.tradeNo), asText(row.outTradeNo), asText(refund ? "退款" : "交易"), row.subject,
    formatAlipayTime(row.createdAt), formatAlipayTime(row.finishedAt),
    asText(row.storeId), asText(row.storeName), asText(row.operatorId), asText(row.terminalId),
    asText(row.buyerLogonId),
    formatYuan(sign * row.amountFen), formatYuan(sign * row.receiptFen), ZERO, ZERO, ZERO, ZERO,
    ZERO, "", asText(ZERO), ZERO,
    asText(refund ? row.outRequestNo : undefined), formatYuan(-sign * row.feeFen), ZERO, row.remark ?? "",
  ];
}

function sumFen(rows: readonly BillRow[], pick: (row: BillRow) => number): number {
  return rows.reduce((total, row) => total + pick(row), 0);
}

/**
 * The totals lines. Real bills word the refund line differently from the payment line
 * (商家实收退款共 / 商家优惠退款共) and write its amount negative.
 */
function totalLines(rows: readonly BillRow[]): string[] {
  const payments = rows.filter((row) => row.kind === "PAYMENT");
  const refunds = rows.filter((row) => row.kind === "REFUND");
  const paid = formatYuan(sumFen(payments, (row) => row.receiptFen));
  const refunded = formatYuan(-sumFen(refunds, (row) => row.receiptFen));
  return [
    `#交易合计：${payments.length}笔，商家实收共${paid}元，商家优惠共${ZERO}元`,
    `#退款合计：${refunds.length}笔，商家实收退款共${refunded}元，商家优惠退款共${ZERO}元`,
  ];
}

/** The lines of 业务明细 for rows already sorted by finishedAt (§6). */
export function detailLines(account: string, date: string, rows: readonly BillRow[], exportedAt: Date): string[] {
  return [
    DETAIL_TITLE,
    `#账号：[${account}]`,
    dateRangeLine(date),
    DETAIL_START,
    csvLine(DETAIL_HEADERS),
    ...rows.map((row) => csvLine(detailRow(row))),
    DETAIL_END,
    ...totalLines(rows),
    exportedAtLine(exportedAt),
  ];
}
