// The summary file of the trade bill, 业务明细(汇总) (alipay-protocol.md §6).
// §6 documents this file only by name. Its title, markers (41+40 / 40+37 dashes), the 12
// columns and the leading-`合计` total row are as public parsers of real bills expect; the
// figures are derived from the same signed amounts as the detail file, so the two agree:
// 订单金额, 商家实收 and 服务费 are the sums of the detail column, 实收净额 = 商家实收 + 服务费.
import { formatYuan } from "@/lib/money";
import { asText, csvLine } from "./csv";
import { dateRangeLine, exportedAtLine } from "./bill-time";
import type { BillRow } from "./types";

export const SUMMARY_TITLE = "#支付宝业务汇总查询";
export const SUMMARY_START = `#${"-".repeat(41)}业务汇总列表${"-".repeat(40)}`;
export const SUMMARY_END = `#${"-".repeat(40)}业务汇总列表结束${"-".repeat(37)}`;

export const SUMMARY_HEADERS = [
  "门店编号", "门店名称", "交易订单总笔数", "退款订单总笔数", "订单金额（元）", "商家实收（元）",
  "支付宝优惠（元）", "商家优惠（元）", "卡消费金额（元）", "服务费（元）", "分润（元）", "实收净额（元）",
] as const;

/** Counts, and signed fen sums as the detail file writes them (refunds negative, fees negative). */
type StoreTotals = {
  storeId: string;
  storeName: string;
  payments: number;
  refunds: number;
  amount: number;
  receipt: number;
  fee: number;
};

function emptyTotals(storeId: string, storeName: string): StoreTotals {
  return { storeId, storeName, payments: 0, refunds: 0, amount: 0, receipt: 0, fee: 0 };
}

function addRow(totals: StoreTotals, row: BillRow): void {
  const sign = row.kind === "REFUND" ? -1 : 1;
  if (row.kind === "REFUND") totals.refunds += 1;
  else totals.payments += 1;
  totals.amount += sign * row.amountFen;
  totals.receipt += sign * row.receiptFen;
  totals.fee -= sign * row.feeFen;
}

function figures(totals: StoreTotals): string[] {
  const zero = formatYuan(0);
  return [
    String(totals.payments), String(totals.refunds), formatYuan(totals.amount), formatYuan(totals.receipt),
    zero, zero, zero, formatYuan(totals.fee), zero, formatYuan(totals.receipt + totals.fee),
  ];
}

/** Per-store totals, ordered by store id; rows without a store share the empty store. */
function storeTotals(rows: readonly BillRow[]): StoreTotals[] {
  const byStore = new Map<string, StoreTotals>();
  for (const row of rows) {
    const storeId = row.storeId ?? "";
    let totals = byStore.get(storeId);
    if (!totals) byStore.set(storeId, (totals = emptyTotals(storeId, row.storeName ?? "")));
    addRow(totals, row);
  }
  return [...byStore.values()].sort((a, b) => (a.storeId < b.storeId ? -1 : a.storeId > b.storeId ? 1 : 0));
}

/** The lines of 业务明细(汇总): one line per store, then the 合计 line (present even for an empty day). */
export function summaryLines(account: string, date: string, rows: readonly BillRow[], exportedAt: Date): string[] {
  const all = emptyTotals("", "");
  for (const row of rows) addRow(all, row);
  return [
    SUMMARY_TITLE,
    `#账号：[${account}]`,
    dateRangeLine(date),
    SUMMARY_START,
    csvLine(SUMMARY_HEADERS),
    ...storeTotals(rows).map((s) => csvLine([asText(s.storeId), asText(s.storeName), ...figures(s)])),
    csvLine(["合计", "", ...figures(all)]),
    SUMMARY_END,
    exportedAtLine(exportedAt),
  ];
}
