// The notification log's view as a URL: verdict, outcome, order number, time range, and the page
// (newest first, by id: `before` is the id the next page starts below). Strict, like the orders list.
import { beijingDayRange, one, parseChoice, parseDays, type SearchParams } from "@/lib/url-params";

export const VERDICTS = ["VALID", "INVALID", "MISSING", "UNSUPPORTED_SIGN_TYPE", "MALFORMED"] as const;
export const OUTCOMES = ["RECEIVED", "APPLIED", "DUPLICATE", "STALE", "REJECTED", "UNKNOWN_ORDER", "SELF_TEST", "ERROR"] as const;
export const NOTIFICATION_PAGE_SIZE = 50;

export type NotificationListQuery = {
  signature: (typeof VERDICTS)[number] | null;
  outcome: (typeof OUTCOMES)[number] | null;
  outTradeNo: string | null;
  from: string | null;
  to: string | null;
  before: number | null;
};

export type NotificationQueryProblem = { field: keyof NotificationListQuery | "range"; reason: string };

export function parseNotificationQuery(params: SearchParams): { query: NotificationListQuery; problems: NotificationQueryProblem[] } {
  const problems: NotificationQueryProblem[] = [];
  const query: NotificationListQuery = {
    signature: parseChoice(one(params.signature), VERDICTS, "signature", problems),
    outcome: parseChoice(one(params.outcome), OUTCOMES, "outcome", problems),
    outTradeNo: null,
    ...parseDays(params, problems),
    before: null,
  };
  const outTradeNo = one(params.outTradeNo);
  if (outTradeNo) {
    if (outTradeNo.length <= 64) query.outTradeNo = outTradeNo;
    else problems.push({ field: "outTradeNo", reason: "is longer than an order number can be (64)" });
  }
  const before = one(params.before);
  if (before) {
    const id = Number(before);
    if (Number.isSafeInteger(id) && id > 0) query.before = id;
    else problems.push({ field: "before", reason: "must be a notification id" });
  }
  return { query, problems };
}

export function notificationSearch(query: NotificationListQuery, changes: Partial<NotificationListQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.signature) params.set("signature", next.signature);
  if (next.outcome) params.set("outcome", next.outcome);
  if (next.outTradeNo) params.set("outTradeNo", next.outTradeNo);
  if (next.from) params.set("from", next.from);
  if (next.to) params.set("to", next.to);
  if (next.before) params.set("before", String(next.before));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The received-at range of a view, as instants. */
export function receivedRange(query: NotificationListQuery): { gte?: Date; lt?: Date } | undefined {
  return beijingDayRange(query.from, query.to);
}
