// What the change feed carries: small descriptions of what changed, enough for a page to know whether
// it is concerned (and for the overview's live list to say it in words); pages re-read the rest.
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

export type FeedItem = OrderFeedItem | NotificationFeedItem;

/** The event name of a batch of items on the stream, and of the instruction to reload everything. */
export const FEED_EVENT = "items";
export const RESYNC_EVENT = "resync";
