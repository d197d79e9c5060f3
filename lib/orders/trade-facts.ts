// What Alipay says about a trade, from a verified notification or a query, reduced to the facts the
// order cares about (alipay-protocol.md §3.2, §4.3). Pure: no database, no Alipay client.
export type TradeStatus = "WAIT_BUYER_PAY" | "TRADE_SUCCESS" | "TRADE_FINISHED" | "TRADE_CLOSED";

export type TradeFact = {
  tradeNo: string;
  tradeStatus: TradeStatus;
  /** Order amount as Alipay states it, in fen. */
  totalFen: number;
  /** Cumulative refunded amount (refund notifications and queries after a refund), in fen. */
  refundFen?: number;
  buyerId?: string;
  buyerLogonId?: string;
  paidAt?: Date;
  closedAt?: Date;
};

/**
 * The key under which a fact is applied once (§4.1: key by trade_no, trade_status and refund_fee,
 * not by notify_id): a notification and the query that says the same thing are the same fact.
 */
export function factKey(fact: TradeFact): string {
  return [fact.tradeNo, fact.tradeStatus, fact.refundFen ?? 0].join(":");
}

/** TRADE_CLOSED is an unpaid close or a full refund; only refund_fee tells them apart (§4.3). */
export function isRefundClose(fact: TradeFact): boolean {
  return fact.tradeStatus === "TRADE_CLOSED" && (fact.refundFen ?? 0) > 0;
}

export function isPaymentFact(fact: TradeFact): boolean {
  return fact.tradeStatus === "TRADE_SUCCESS" || fact.tradeStatus === "TRADE_FINISHED" || isRefundClose(fact);
}
