// The overview's list of alerts not resolved yet, as the page keeps it between reads: the server's list,
// and the change feed's news of alerts applied to it (components/overview/open-alerts.tsx).
import type { OpenAlertView } from "@/lib/console/alerts";
import { parseCursor } from "@/lib/events/cursor";
import type { AlertFeedItem } from "@/lib/events/items";
import { isAlertRule } from "./rules";

/** The alerts shown, the latest first, and how many are not resolved (more than are shown, at times). */
export type OpenList = { alerts: OpenAlertView[]; open: number };

/** One item of news: a resolved alert leaves the list, any other comes (back) to the top; acknowledged, it keeps its place. */
function applyItem(alerts: OpenAlertView[], item: AlertFeedItem): OpenAlertView[] {
  const rest = alerts.filter((alert) => alert.id !== item.alertId);
  if (item.status === "RESOLVED" || !isAlertRule(item.rule)) return rest;
  const known = alerts.some((alert) => alert.id === item.alertId);
  const next: OpenAlertView = { id: item.alertId, rule: item.rule, severity: item.severity, status: item.status, detail: item.detail, occurrences: item.occurrences, orderId: item.orderId };
  return known && item.type === "ACKNOWLEDGED" ? alerts.map((alert) => (alert.id === item.alertId ? next : alert)) : [next, ...rest];
}

/** The feed's news applied to the list: raised, one more open; resolved, one fewer (only an open alert is resolved). */
export function applyNews(list: OpenList, news: readonly AlertFeedItem[]): OpenList {
  const raised = news.filter((item) => item.type === "RAISED").length;
  const resolved = news.filter((item) => item.type === "RESOLVED").length;
  return { alerts: news.reduce(applyItem, list.alerts), open: list.open + raised - resolved };
}

/**
 * The server's list, read after feed position `since`, with the news the page had after that position
 * applied again: a read of the page (router.refresh) can start before news it then answers after, and its
 * older list must not take back what the page already showed. Answers the news still after `since`, to
 * keep for the next read. The server's list may already hold some of it: an alert it lists is not counted
 * again when raised, and counted out when resolved.
 */
export function rebase(initial: { alerts: OpenAlertView[]; total: number }, since: string, news: readonly AlertFeedItem[]): { list: OpenList; later: AlertFeedItem[] } {
  const read = parseCursor(since)?.a ?? 0;
  const later = news.filter((item) => item.a > read);
  let alerts = initial.alerts;
  let open = initial.total;
  for (const item of later) {
    const listed = alerts.some((alert) => alert.id === item.alertId);
    if (item.type === "RAISED" && !listed) open += 1;
    if (item.type === "RESOLVED" && listed) open -= 1;
    alerts = applyItem(alerts, item);
  }
  return { list: { alerts, open }, later };
}
