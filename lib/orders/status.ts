// Order statuses: a closed set, stored as strings (portable across SQLite and PostgreSQL). An order
// only moves forward; `TRADE_SUCCESS` after a local close is the one sanctioned "backward" step,
// because the money is real (it is flagged as an anomaly, never ignored).
export const ORDER_STATUSES = ["PENDING", "PAID", "REFUNDED", "CLOSED", "FAILED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Statuses an order may move to from each status. REFUNDED straight from an unpaid status is one
 * fact passing through PAID: a refund notification that overtook its payment's (§4.1 gives no order).
 */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ["PAID", "REFUNDED", "CLOSED", "FAILED"],
  PAID: ["REFUNDED"],
  REFUNDED: [],
  CLOSED: ["PAID", "REFUNDED"],
  FAILED: ["PAID", "REFUNDED"],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}

/** Statuses in which the buyer has paid: the money arrived, whatever happened to it since. */
export function isPaidStatus(status: OrderStatus): boolean {
  return status === "PAID" || status === "REFUNDED";
}
