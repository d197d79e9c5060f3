// Input of the sandbox trade bill (alipay-protocol.md §6). Amounts are integer fen, all positive:
// the bill writer applies the signs Alipay uses, so callers never pre-negate.

export type BillRow = {
  /** 业务类型: 交易 | 退款 */
  kind: "PAYMENT" | "REFUND";
  /** 支付宝交易号 */
  tradeNo: string;
  /** 商户订单号 */
  outTradeNo: string;
  /** 商品名称 */
  subject: string;
  /** 创建时间 (for a refund: the trade's creation, as Alipay writes it) */
  createdAt: Date;
  /** 完成时间: payment time, or refund time */
  finishedAt: Date;
  storeId?: string;
  storeName?: string;
  operatorId?: string;
  terminalId?: string;
  /** 对方账户, already masked ("ifv***@sandbox.com") */
  buyerLogonId: string;
  /** 订单金额: the trade total for a payment, the refund amount for a refund */
  amountFen: number;
  /** 商家实收: what the merchant receives (or gives back) on this row */
  receiptFen: number;
  /** 退款批次号/请求号: the refund's out_request_no */
  outRequestNo?: string;
  /** 服务费: charged on a payment, returned on a refund */
  feeFen: number;
  /** 备注 */
  remark?: string;
};

export type TradeBillInput = {
  /** The merchant's partner id, 2088 + 12 digits */
  pid: string;
  /** Bill day `yyyy-MM-dd`, or month `yyyy-MM`, Beijing time */
  date: string;
  rows: BillRow[];
  exportedAt: Date;
};

export type TradeBill = {
  /** `<account>_<yyyyMMdd>.csv.zip` */
  fileName: string;
  zip: Buffer;
};
