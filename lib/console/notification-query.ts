// The notification log's view as a URL: verdict, outcome, order number, time range, and the page
// (newest first, by id: `before` is the id the next page starts below). Strict, like the orders list.
import { beijingDayStart, isRealDay } from "@/lib/orders/list-query";

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

const one = (value: string | string[] | undefined) => {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
};

export function parseNotificationQuery(params: Record<string, string | string[] | undefined>): { query: NotificationListQuery; problems: NotificationQueryProblem[] } {
  const problems: NotificationQueryProblem[] = [];
  const query: NotificationListQuery = { signature: null, outcome: null, outTradeNo: null, from: null, to: null, before: null };
  const signature = one(params.signature);
  if (signature) {
    if ((VERDICTS as readonly string[]).includes(signature)) query.signature = signature as NotificationListQuery["signature"];
    else problems.push({ field: "signature", reason: `must be one of ${VERDICTS.join(", ")}` });
  }
  const outcome = one(params.outcome);
  if (outcome) {
    if ((OUTCOMES as readonly string[]).includes(outcome)) query.outcome = outcome as NotificationListQuery["outcome"];
    else problems.push({ field: "outcome", reason: `must be one of ${OUTCOMES.join(", ")}` });
  }
  const outTradeNo = one(params.outTradeNo);
  if (outTradeNo) {
    if (outTradeNo.length <= 64) query.outTradeNo = outTradeNo;
    else problems.push({ field: "outTradeNo", reason: "is longer than an order number can be (64)" });
  }
  for (const field of ["from", "to"] as const) {
    const day = one(params[field]);
    if (!day) continue;
    if (isRealDay(day)) query[field] = day;
    else problems.push({ field, reason: "must be a date, YYYY-MM-DD" });
  }
  if (query.from && query.to && query.from > query.to) problems.push({ field: "range", reason: "the start date is after the end date" });
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
  if (!query.from && !query.to) return undefined;
  return {
    ...(query.from ? { gte: beijingDayStart(query.from) } : {}),
    ...(query.to ? { lt: new Date(beijingDayStart(query.to).getTime() + 86_400_000) } : {}),
  };
}
