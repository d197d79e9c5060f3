// The three-way match of one Beijing day (pure): Alipay's bill rows against our orders and refunds, and
// both against the notifications we received. Every difference becomes an exception of a kind
// (exception-kinds.ts) under a key that a re-run finds again; the summary gives each side's counts and
// totals, the fees, and the share of the bill's rows that matched.
import type { ExceptionKind } from "./exception-kinds";

export type BillLine = {
  line: number;
  kind: "PAYMENT" | "REFUND";
  tradeNo: string;
  outTradeNo: string | null;
  outRequestNo: string | null;
  /** Signed as in the bill: a refund's amounts are negative, a payment's fee is. */
  amountFen: number;
  receiptFen: number;
  feeFen: number;
  finishedAt: Date;
};

export type LocalOrder = {
  id: string;
  outTradeNo: string;
  alipayOutTradeNo: string | null;
  tradeNo: string | null;
  status: string;
  paidFen: number;
  paidAt: Date | null;
  anomalies: string[];
  /** Notifications about it that verified and were applied, and ones whose signature failed. */
  notifications: { verified: number; badSignature: number };
};

export type LocalRefund = { orderId: string; outRequestNo: string; amountFen: number; settledAt: Date | null };

/**
 * Orders in the order they are added, each with its place (a number from 0), found by id and by what a
 * bill row names it by: the trade number, and Alipay's out_trade_no. Indexed as they are added (a day's
 * are added as they are read, before the bill is all there), except by out_trade_no: a bill row's order is
 * looked up by trade number, and by out_trade_no only when that is not the order found's, which a day of
 * agreeing rows never needs. An id is added once; of two orders with the same trade number (which Alipay
 * never gives twice) the first is found, and an out_trade_no is one order's (the database's unique key).
 */
export class OrderIndex implements Iterable<LocalOrder> {
  readonly #orders: LocalOrder[] = [];
  readonly #byId = new Map<string, number>();
  readonly #byTradeNo = new Map<string, number>();
  #byAlipayNo: Map<string, number> | null = null;

  static of(orders: Iterable<LocalOrder>): OrderIndex {
    const index = new OrderIndex();
    for (const order of orders) index.add(order);
    return index;
  }

  get size(): number {
    return this.#orders.length;
  }

  /** Adds `order` unless an order with its id is there; whether it was added. */
  add(order: LocalOrder): boolean {
    if (this.#byId.has(order.id)) return false;
    const at = this.#orders.length;
    this.#orders.push(order);
    this.#byId.set(order.id, at);
    if (order.tradeNo && !this.#byTradeNo.has(order.tradeNo)) this.#byTradeNo.set(order.tradeNo, at);
    if (order.alipayOutTradeNo) this.#byAlipayNo?.set(order.alipayOutTradeNo, at);
    return true;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  get(id: string): LocalOrder | undefined {
    const at = this.#byId.get(id);
    return at === undefined ? undefined : this.#orders[at];
  }

  /** The order at place `at`. */
  at(at: number): LocalOrder {
    return this.#orders[at]!;
  }

  /** The place of the order with trade number `tradeNo`; -1: none. */
  placeOfTradeNo(tradeNo: string): number {
    return this.#byTradeNo.get(tradeNo) ?? -1;
  }

  /** The place of the order Alipay knows by `outTradeNo`; -1: none. */
  placeOfAlipayNo(outTradeNo: string): number {
    if (!this.#byAlipayNo) {
      this.#byAlipayNo = new Map();
      for (let at = 0; at < this.#orders.length; at++) {
        const no = this.#orders[at]!.alipayOutTradeNo;
        if (no) this.#byAlipayNo.set(no, at);
      }
    }
    return this.#byAlipayNo.get(outTradeNo) ?? -1;
  }

  /** The place of the order a bill row is about: by Alipay's out_trade_no, else by its trade number; -1: none. */
  placeOf(row: Pick<BillLine, "outTradeNo" | "tradeNo">): number {
    const byTradeNo = this.placeOfTradeNo(row.tradeNo);
    if (!row.outTradeNo || (byTradeNo >= 0 && this.#orders[byTradeNo]!.alipayOutTradeNo === row.outTradeNo)) return byTradeNo;
    const byAlipayNo = this.placeOfAlipayNo(row.outTradeNo);
    return byAlipayNo >= 0 ? byAlipayNo : byTradeNo;
  }

  [Symbol.iterator](): Iterator<LocalOrder> {
    return this.#orders.values();
  }
}

export type DayInput = {
  /** The day's instants, [start, end). */
  day: { start: Date; end: Date };
  /** In line order (BillLines, or an array). */
  bill: Iterable<BillLine>;
  /** Orders the bill names, and orders paid on the day (indexed, or a list). */
  orders: OrderIndex | readonly LocalOrder[];
  /** Succeeded refunds of those orders, and refunds settled on the day. */
  refunds: LocalRefund[];
  /** Trade numbers with a payment row, and `tradeNo/outRequestNo` of refund rows, on other days' imported bills. */
  elsewhere: { payments: ReadonlySet<string>; refunds: ReadonlySet<string> };
  /** The fee rate payments should be charged, in basis points (60 = 0.6 %); null: not checked. */
  feeRateBp: number | null;
};

export type FoundException = {
  kind: ExceptionKind;
  key: string;
  orderId: string | null;
  outTradeNo: string | null;
  tradeNo: string | null;
  outRequestNo: string | null;
  oursFen: number | null;
  billFen: number | null;
  detail: Record<string, unknown>;
};

type Totals = { count: number; amountFen: number };

export type DaySummary = {
  bill: { payments: Totals & { receiptFen: number }; refunds: Totals & { receiptFen: number }; feeFen: number };
  ours: { payments: Totals; refunds: Totals };
  /** Bill rows found on our side with the same amount. */
  matched: { payments: number; refunds: number };
  /** Share of the bill's rows matched, 0..1 (1 for an empty bill). */
  matchedShare: number;
};

const PAID = new Set(["PAID", "REFUNDED"]);

/** The fee for `amountFen` at `bp` basis points, rounded half up to the fen (Alipay's rounding). */
export function expectedFee(amountFen: number, bp: number): number {
  return Math.floor((amountFen * bp + 5_000) / 10_000);
}

const inDay = (at: Date | null, day: DayInput["day"]) => at !== null && at >= day.start && at < day.end;
/** Where a bill row is, for an exception's detail: made only for the rows that have one. */
const where = (row: BillLine) => ({ line: row.line, finishedAt: row.finishedAt.toISOString() });

export function matchDay(input: DayInput): { exceptions: FoundException[]; summary: DaySummary } {
  const exceptions: FoundException[] = [];
  const orders = input.orders instanceof OrderIndex ? input.orders : OrderIndex.of(input.orders);
  const orderAt = (place: number) => (place >= 0 ? orders.at(place) : undefined);
  const add = (kind: ExceptionKind, key: string, order: LocalOrder | undefined, row: Partial<BillLine> | null, fields: Partial<FoundException> = {}) =>
    exceptions.push({
      kind,
      key,
      orderId: order?.id ?? null,
      outTradeNo: order?.outTradeNo ?? row?.outTradeNo ?? null,
      tradeNo: row?.tradeNo ?? order?.tradeNo ?? null,
      outRequestNo: row?.outRequestNo ?? null,
      oursFen: null,
      billFen: null,
      detail: {},
      ...fields,
    });

  const summary: DaySummary = {
    bill: { payments: { count: 0, amountFen: 0, receiptFen: 0 }, refunds: { count: 0, amountFen: 0, receiptFen: 0 }, feeFen: 0 },
    ours: { payments: { count: 0, amountFen: 0 }, refunds: { count: 0, amountFen: 0 } },
    matched: { payments: 0, refunds: 0 },
    matchedShare: 1,
  };
  // By the orders' places.
  const paidInBill = new Uint8Array(orders.size);
  const refundsInBill = new Set<string>();

  // Payments first, then refunds: the exceptions come in that order. The bill is read once.
  const refundRows: BillLine[] = [];
  for (const row of input.bill) {
    if (row.kind !== "PAYMENT") {
      refundRows.push(row);
      continue;
    }
    summary.bill.payments.count += 1;
    summary.bill.payments.amountFen += row.amountFen;
    summary.bill.payments.receiptFen += row.receiptFen;
    summary.bill.feeFen += row.feeFen;
    const place = orders.placeOf(row);
    const order = orderAt(place);
    if (input.feeRateBp !== null && -row.feeFen !== expectedFee(row.amountFen, input.feeRateBp)) {
      add("FEE_MISMATCH", row.tradeNo, order, row, { oursFen: expectedFee(row.amountFen, input.feeRateBp), billFen: -row.feeFen, detail: { ...where(row), rateBp: input.feeRateBp } });
    }
    if (!order) {
      add("UNKNOWN_TRADE", row.tradeNo, undefined, row, { billFen: row.amountFen, detail: where(row) });
      continue;
    }
    paidInBill[place] = 1;
    const notifications = order.notifications;
    if (!PAID.has(order.status)) {
      add("PAID_NOT_HERE", row.tradeNo, order, row, { oursFen: order.paidFen, billFen: row.amountFen, detail: { ...where(row), status: order.status } });
    } else {
      if (order.paidFen !== row.amountFen) add("AMOUNT_MISMATCH", row.tradeNo, order, row, { oursFen: order.paidFen, billFen: row.amountFen, detail: where(row) });
      else summary.matched.payments += 1;
      if (order.anomalies.includes("PAID_AFTER_CLOSE")) add("PAID_AFTER_CLOSE", row.tradeNo, order, row, { billFen: row.amountFen, detail: { ...where(row), status: order.status } });
    }
    if (notifications.verified === 0) {
      const kind = notifications.badSignature > 0 ? "NOTIFICATION_REJECTED" : "NOTIFICATION_MISSING";
      add(kind, row.tradeNo, order, row, { billFen: row.amountFen, detail: { ...where(row), ...notifications } });
    }
  }

  const refundsByKey = new Map(input.refunds.map((r) => [`${r.orderId}/${r.outRequestNo}`, r]));
  for (const row of refundRows) {
    summary.bill.refunds.count += 1;
    summary.bill.refunds.amountFen += -row.amountFen;
    summary.bill.refunds.receiptFen += row.receiptFen;
    summary.bill.feeFen += row.feeFen;
    const place = orders.placeOf(row);
    const order = orderAt(place);
    const key = `${row.tradeNo}/${row.outRequestNo ?? `line ${row.line}`}`;
    const refund = order && row.outRequestNo ? refundsByKey.get(`${order.id}/${row.outRequestNo}`) : undefined;
    if (!refund) {
      add("REFUND_NOT_HERE", key, order, row, { billFen: -row.amountFen, detail: where(row) });
      continue;
    }
    refundsInBill.add(`${refund.orderId}/${refund.outRequestNo}`);
    if (refund.amountFen !== -row.amountFen) add("REFUND_AMOUNT_MISMATCH", key, order, row, { oursFen: refund.amountFen, billFen: -row.amountFen, detail: where(row) });
    else summary.matched.refunds += 1;
  }

  for (let place = 0; place < orders.size; place++) {
    const order = orders.at(place);
    if (!PAID.has(order.status) || !inDay(order.paidAt, input.day)) continue;
    summary.ours.payments.count += 1;
    summary.ours.payments.amountFen += order.paidFen;
    if (paidInBill[place] === 1 || (order.tradeNo && input.elsewhere.payments.has(order.tradeNo))) continue;
    add("NOT_IN_BILL", order.tradeNo ?? order.outTradeNo, order, null, { oursFen: order.paidFen, detail: { paidAt: order.paidAt!.toISOString() } });
  }
  for (const refund of input.refunds) {
    if (!inDay(refund.settledAt, input.day)) continue;
    summary.ours.refunds.count += 1;
    summary.ours.refunds.amountFen += refund.amountFen;
    const order = orders.get(refund.orderId);
    const elsewhere = order?.tradeNo && input.elsewhere.refunds.has(`${order.tradeNo}/${refund.outRequestNo}`);
    if (refundsInBill.has(`${refund.orderId}/${refund.outRequestNo}`) || elsewhere) continue;
    add("REFUND_NOT_IN_BILL", `${order?.tradeNo ?? refund.orderId}/${refund.outRequestNo}`, order, { outRequestNo: refund.outRequestNo }, { oursFen: refund.amountFen, detail: { settledAt: refund.settledAt!.toISOString() } });
  }

  const billRows = summary.bill.payments.count + summary.bill.refunds.count;
  summary.matchedShare = billRows === 0 ? 1 : (summary.matched.payments + summary.matched.refunds) / billRows;
  return { exceptions, summary };
}
