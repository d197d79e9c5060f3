// Reading the change feed from the database (order events, notifications, alert events): what is new
// after a cursor, the latest items, the newest position. On PostgreSQL, where rows are numbered when inserted but seen when committed, in any order,
// the transactions still writing (pg_locks) are taken into account so that no reader moves past a row
// still to come (gaps.ts).
import "server-only";
import { getDriver, type Db, type Driver } from "@/lib/db";
import type { FeedCursor } from "./cursor";
import type { GapGuard, Writers } from "./gaps";
import type { AlertFeedItem, FeedItem, FeedKind, NotificationFeedItem, OrderFeedItem } from "./items";

/** A notification still being processed after this long is shown as it is (RECEIVED), not waited for. */
const SETTLE_WAIT_MS = 30_000;
const BATCH = 500;

export type Delivery = { items: FeedItem[]; cursor: FeedCursor };
type PgDriver = Extract<Driver, { kind: "postgresql" }>;

export type ReadOptions = {
  limit?: number;
  now?: number;
  /** PostgreSQL's live reads: stop before ids that may still be committed (gaps.ts). */
  guard?: GapGuard | null;
  /** Read nothing after this; once all before it is read, the cursor is this (a replay up to the poller's head). */
  upTo?: FeedCursor;
};

/**
 * What is new after `cursor`, in order, and the cursor after it. Notifications come once settled.
 * `held`: the read stopped before a gap that may still fill (read again soon).
 */
export async function readFeed(db: Db, cursor: FeedCursor, { limit = BATCH, now = Date.now(), guard = null, upTo }: ReadOptions = {}): Promise<Delivery & { more: boolean; held: boolean }> {
  const [events, notifications, alertEvents] = await Promise.all([
    db.orderEvent.findMany({
      where: { id: { gt: cursor.e, ...(upTo && { lte: upTo.e }) } },
      orderBy: { id: "asc" },
      take: limit,
      select: { id: true, orderId: true, type: true, source: true, actor: true, notificationId: true, at: true, order: { select: { outTradeNo: true, status: true } } },
    }),
    db.notification.findMany({
      where: { id: { gt: cursor.n, ...(upTo && { lte: upTo.n }) } },
      orderBy: { id: "asc" },
      take: limit,
      select: { id: true, orderId: true, outTradeNo: true, tradeStatus: true, signature: true, outcome: true, receivedAt: true },
    }),
    db.alertEvent.findMany({
      where: { id: { gt: cursor.a, ...(upTo && { lte: upTo.a }) } },
      orderBy: { id: "asc" },
      take: limit,
      select: { id: true, alertId: true, type: true, actor: true, at: true, alert: { select: { rule: true, severity: true, status: true, subject: true, orderId: true, detail: true, occurrences: true } } },
    }),
  ]);
  const passable = (kind: FeedKind, from: number, rows: { id: number }[]) => (guard ? guard.passable(kind, from, rows.map((row) => row.id), now) : rows.length);
  const eventsTaken = passable("e", cursor.e, events);
  const notificationsTaken = passable("n", cursor.n, notifications);
  const alertEventsTaken = passable("a", cursor.a, alertEvents);
  const items: FeedItem[] = [];
  let { e, n, a } = cursor;
  for (const event of events.slice(0, eventsTaken)) {
    const item: OrderFeedItem = {
      kind: "order",
      e: event.id,
      orderId: event.orderId,
      outTradeNo: event.order.outTradeNo,
      status: event.order.status,
      type: event.type,
      source: event.source,
      actor: event.actor,
      notificationId: event.notificationId,
      at: event.at.toISOString(),
    };
    items.push(item);
    e = event.id;
  }
  let settledAll = notificationsTaken === notifications.length;
  for (const row of notifications.slice(0, notificationsTaken)) {
    // In id order, and only once processed: a reader at n has seen every notification up to n settled.
    if (row.outcome === "RECEIVED" && now - row.receivedAt.getTime() < SETTLE_WAIT_MS) {
      settledAll = false;
      break;
    }
    const item: NotificationFeedItem = {
      kind: "notification",
      n: row.id,
      orderId: row.orderId,
      outTradeNo: row.outTradeNo,
      tradeStatus: row.tradeStatus,
      signature: row.signature,
      outcome: row.outcome,
      at: row.receivedAt.toISOString(),
    };
    items.push(item);
    n = row.id;
  }
  for (const row of alertEvents.slice(0, alertEventsTaken)) {
    const item: AlertFeedItem = {
      kind: "alert",
      a: row.id,
      alertId: row.alertId,
      type: row.type,
      rule: row.alert.rule,
      severity: row.alert.severity,
      status: row.alert.status,
      subject: row.alert.subject,
      orderId: row.alert.orderId,
      detail: parseDetail(row.alert.detail),
      occurrences: row.alert.occurrences,
      actor: row.actor,
      at: row.at.toISOString(),
    };
    items.push(item);
    a = row.id;
  }
  items.sort((x, y) => x.at.localeCompare(y.at));
  const eventsDone = eventsTaken === events.length && events.length < limit;
  const notificationsDone = settledAll && notifications.length < limit;
  const alertEventsDone = alertEventsTaken === alertEvents.length && alertEvents.length < limit;
  // Everything up to `upTo` read: ids missing below it are ones the poller has passed already.
  if (upTo && eventsDone) e = Math.max(e, upTo.e);
  if (upTo && notificationsDone) n = Math.max(n, upTo.n);
  if (upTo && alertEventsDone) a = Math.max(a, upTo.a);
  return {
    items,
    cursor: { e, n, a },
    more: eventsTaken === limit || (settledAll && notifications.length === limit) || alertEventsTaken === limit,
    held: eventsTaken < events.length || notificationsTaken < notifications.length || alertEventsTaken < alertEvents.length,
  };
}

/** An alert's stored figures; a row written by hand that is not JSON shows none rather than breaking the feed. */
function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The latest `limit` items, newest first: what the overview's live list starts with. */
export async function recentFeed(db: Db, limit = 20): Promise<FeedItem[]> {
  const head = await feedHead(db);
  const from = { e: Math.max(0, head.e - limit), n: Math.max(0, head.n - limit), a: Math.max(0, head.a - limit) };
  const { items } = await readFeed(db, from, { limit, upTo: head });
  return items.reverse().slice(0, limit);
}

/**
 * The transactions writing to the feed's tables right now (PostgreSQL; pg_locks shows every instance's),
 * by virtual transaction id: a row's writer holds its table's RowExclusiveLock from before the row is
 * numbered until it commits.
 */
export async function writersOf(driver: PgDriver): Promise<Writers> {
  const { rows } = await driver.pool.query<{ vxid: string }>({
    name: "console_feed_writers",
    text: `SELECT DISTINCT virtualtransaction AS vxid FROM pg_locks WHERE locktype = 'relation' AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()
             AND relation IN (to_regclass(format('%I.%I', $1::text, 'OrderEvent')), to_regclass(format('%I.%I', $1::text, 'Notification')),
                              to_regclass(format('%I.%I', $1::text, 'AlertEvent')))`,
    values: [driver.schema],
  });
  return new Set(rows.map((row) => row.vxid));
}

/** Waits (up to `maxMs`) until none of `writers` is writing any more. */
async function outlive(driver: PgDriver, writers: Writers, maxMs = 2_000): Promise<void> {
  const end = Date.now() + maxMs;
  while (writers.size > 0 && Date.now() < end) {
    const now = await writersOf(driver);
    if (![...writers].some((writer) => now.has(writer))) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The newest position: a reader starting here gets only what happens from now on. On PostgreSQL it is
 * returned once the transactions writing when it was read have ended: an id below it that one of them
 * held is then stored (or never will be), so what a page reads next includes it.
 */
export async function feedHead(db: Db, now = Date.now()): Promise<FeedCursor> {
  const head = await readHead(db, now);
  const driver = await getDriver(db);
  if (driver.kind === "postgresql") await outlive(driver, await writersOf(driver));
  return head;
}

async function readHead(db: Db, now: number): Promise<FeedCursor> {
  const [event, notification, pending, alertEvent] = await Promise.all([
    db.orderEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
    db.notification.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
    // One still being processed is not behind us yet: its verdict is news to come.
    db.notification.findFirst({ where: { outcome: "RECEIVED", receivedAt: { gt: new Date(now - SETTLE_WAIT_MS) } }, orderBy: { id: "asc" }, select: { id: true } }),
    db.alertEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  const n = notification?.id ?? 0;
  return { e: event?.id ?? 0, n: pending ? Math.min(n, pending.id - 1) : n, a: alertEvent?.id ?? 0 };
}
