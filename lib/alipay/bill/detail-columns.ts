// The columns of the trade bill's 业务明细 file that reconciliation reads, by header name
// (alipay-protocol.md §6): real bills have moved columns over the years, never renamed them.

export const DETAIL_COLUMNS = {
  tradeNo: "支付宝交易号",
  outTradeNo: "商户订单号",
  kind: "业务类型",
  subject: "商品名称",
  createdAt: "创建时间",
  finishedAt: "完成时间",
  storeId: "门店编号",
  storeName: "门店名称",
  operatorId: "操作员",
  terminalId: "终端号",
  buyerLogonId: "对方账户",
  amount: "订单金额（元）",
  receipt: "商家实收（元）",
  merchantDiscount: "商家优惠（元）",
  outRequestNo: "退款批次号/请求号",
  fee: "服务费（元）",
  remark: "备注",
} as const;

export type DetailColumn = keyof typeof DETAIL_COLUMNS;

/** Without these a row cannot be matched or its money counted. */
const REQUIRED: readonly DetailColumn[] = ["tradeNo", "outTradeNo", "kind", "finishedAt", "amount", "receipt", "fee"];

/** A header name as written, parentheses made full-width as Alipay writes them (a re-saved file may not). */
function normalizeName(name: string): string {
  return name.trim().replaceAll("(", "（").replaceAll(")", "）");
}

export type ColumnIndex = Record<DetailColumn, number | undefined>;

/** Where each column is in `header`, and which required ones are missing. */
export function indexColumns(header: readonly string[]): { index: ColumnIndex; missing: string[] } {
  const positions = new Map<string, number>();
  header.forEach((name, i) => {
    const key = normalizeName(name);
    if (!positions.has(key)) positions.set(key, i);
  });
  const index = Object.fromEntries(Object.entries(DETAIL_COLUMNS).map(([key, name]) => [key, positions.get(name)])) as ColumnIndex;
  return { index, missing: REQUIRED.filter((key) => index[key] === undefined).map((key) => DETAIL_COLUMNS[key]) };
}
