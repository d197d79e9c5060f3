// The classes of difference a day's reconciliation finds between our orders, the notifications we
// received and Alipay's trade bill, each with what an operator can do about it. Pure.

export const EXCEPTION_KINDS = [
  /** Alipay took the buyer's money; our order is not paid. The costly one: the buyer paid, the shop did not deliver. */
  "PAID_NOT_HERE",
  /** A payment in the bill for an order we do not have. */
  "UNKNOWN_TRADE",
  /** Paid here, and on no imported bill: Alipay may not have the money. */
  "NOT_IN_BILL",
  /** Paid on both sides, different amounts. */
  "AMOUNT_MISMATCH",
  /** A refund in the bill that we never recorded as done. */
  "REFUND_NOT_HERE",
  /** A refund done here that is on no imported bill. */
  "REFUND_NOT_IN_BILL",
  /** Refunded on both sides, different amounts. */
  "REFUND_AMOUNT_MISMATCH",
  /** Paid at Alipay, and the notifications about it we received failed verification. */
  "NOTIFICATION_REJECTED",
  /** Paid at Alipay, and no notification about it reached us: it was learned by asking. */
  "NOTIFICATION_MISSING",
  /** Paid after we had closed the order: the buyer's money for an order the shop gave up. */
  "PAID_AFTER_CLOSE",
  /** The fee charged differs from the configured rate. */
  "FEE_MISMATCH",
] as const;

export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** What resolves an exception: ask Alipay and apply its answer, refund the buyer, or review it with a note. */
export type ResolutionAction = "RESYNC" | "REFUND" | "REVIEW";

const ACTIONS: Record<ExceptionKind, readonly ResolutionAction[]> = {
  PAID_NOT_HERE: ["RESYNC", "REVIEW"],
  UNKNOWN_TRADE: ["REVIEW"],
  NOT_IN_BILL: ["RESYNC", "REVIEW"],
  AMOUNT_MISMATCH: ["RESYNC", "REVIEW"],
  REFUND_NOT_HERE: ["RESYNC", "REVIEW"],
  REFUND_NOT_IN_BILL: ["RESYNC", "REVIEW"],
  REFUND_AMOUNT_MISMATCH: ["RESYNC", "REVIEW"],
  NOTIFICATION_REJECTED: ["REVIEW"],
  NOTIFICATION_MISSING: ["REVIEW"],
  PAID_AFTER_CLOSE: ["REFUND", "REVIEW"],
  FEE_MISMATCH: ["REVIEW"],
};

/** The actions offered for a kind, the suggested one first. */
export function resolutionActions(kind: ExceptionKind): readonly ResolutionAction[] {
  return ACTIONS[kind];
}

export function isExceptionKind(value: string): value is ExceptionKind {
  return (EXCEPTION_KINDS as readonly string[]).includes(value);
}
