// What the change feed carries: small descriptions of what changed, enough for a page to know whether
// it is concerned (and for the overview's live lists to say it in words); pages re-read the rest.
export type OrderFeedItem = {
  kind: "order";
  /** The order event's id. */
  e: number;
  orderId: string;
  outTradeNo: string;
  status: string;
  type: string;
  source: string;
  actor: string | null;
  notificationId: number | null;
  at: string;
};

export type NotificationFeedItem = {
  kind: "notification";
  n: number;
  orderId: string | null;
  outTradeNo: string | null;
  tradeStatus: string | null;
  signature: string | null;
  outcome: string;
  /** When it was received: the fan-out benchmark measures delivery from here. */
  at: string;
};

/** A change of an alert (raised, found again, acknowledged, resolved), with the alert as it is now. */
export type AlertFeedItem = {
  kind: "alert";
  /** The alert event's id. */
  a: number;
  alertId: string;
  /** RAISED, REFRESHED, ACKNOWLEDGED, RESOLVED. */
  type: string;
  rule: string;
  severity: string;
  status: string;
  subject: string;
  orderId: string | null;
  /** The figures that raised it, as stored: each page words them in its reader's language (lib/alerts/detail.ts). */
  detail: Record<string, unknown>;
  occurrences: number;
  actor: string | null;
  at: string;
};

export type FeedItem = OrderFeedItem | NotificationFeedItem | AlertFeedItem;
export type FeedKind = "e" | "n" | "a";

/** The cursor part an item advances. */
export function feedIdOf(item: FeedItem): { kind: FeedKind; id: number } {
  return item.kind === "order" ? { kind: "e", id: item.e } : item.kind === "notification" ? { kind: "n", id: item.n } : { kind: "a", id: item.a };
}

/** The event name of a batch of items on the stream, and of the instruction to reload everything. */
export const FEED_EVENT = "items";
export const RESYNC_EVENT = "resync";
