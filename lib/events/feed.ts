// The console's change feed: what changed in orders and notifications, read from the database (the
// order events and the notification log are its log already, so nothing extra is written on the
// payment paths), pushed to every operator's stream. One poller per process reads what is new once and
// hands it to all subscribers. It runs when this process commits a change (pokeFeed), when another
// instance says it did (PostgreSQL LISTEN/NOTIFY), and every few seconds in case a change came from
// elsewhere (a CLI, a process without a listener).
import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { configuredDatabaseUrl, getDb, type Db } from "@/lib/db";
import { log } from "@/lib/log";
import { databaseProvider, pgConnectionString } from "@/prisma/database-url";
import { covers, type FeedCursor } from "./cursor";
import type { FeedItem, NotificationFeedItem, OrderFeedItem } from "./items";

/** A notification still being processed after this long is shown as it is (RECEIVED), not waited for. */
const SETTLE_WAIT_MS = 30_000;
const BATCH = 500;
/** A reader further behind than this reloads instead of replaying. */
export const REPLAY_LIMIT = 2_000;
const CHANNEL = "console_feed";

export type Delivery = { items: FeedItem[]; cursor: FeedCursor };
export type Subscriber = { deliver(delivery: Delivery): void; resync(cursor: FeedCursor): void };

/** What is new after `cursor`, in order, and the cursor after it. Notifications come once settled. */
export async function readFeed(db: Db, cursor: FeedCursor, limit = BATCH, now = Date.now()): Promise<Delivery & { more: boolean }> {
  const [events, notifications] = await Promise.all([
    db.orderEvent.findMany({
      where: { id: { gt: cursor.e } },
      orderBy: { id: "asc" },
      take: limit,
      select: { id: true, orderId: true, type: true, source: true, actor: true, notificationId: true, at: true, order: { select: { outTradeNo: true, status: true } } },
    }),
    db.notification.findMany({
      where: { id: { gt: cursor.n } },
      orderBy: { id: "asc" },
      take: limit,
      select: { id: true, orderId: true, outTradeNo: true, tradeStatus: true, signature: true, outcome: true, receivedAt: true },
    }),
  ]);
  const items: FeedItem[] = [];
  let { e, n } = cursor;
  for (const event of events) {
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
  for (const row of notifications) {
    // In id order, and only once processed: a reader at n has seen every notification up to n settled.
    if (row.outcome === "RECEIVED" && now - row.receivedAt.getTime() < SETTLE_WAIT_MS) break;
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
  items.sort((a, b) => a.at.localeCompare(b.at));
  return { items, cursor: { e, n }, more: events.length === limit || notifications.length === limit };
}

/** The latest `limit` items, newest first: what the overview's live list starts with. */
export async function recentFeed(db: Db, limit = 20): Promise<FeedItem[]> {
  const head = await feedHead(db);
  const from = { e: Math.max(0, head.e - limit), n: Math.max(0, head.n - limit) };
  const { items } = await readFeed(db, from, limit);
  return items.filter((item) => (item.kind === "order" ? item.e <= head.e : item.n <= head.n)).reverse().slice(0, limit);
}

/** The newest position: a reader starting here gets only what happens from now on. */
export async function feedHead(db: Db, now = Date.now()): Promise<FeedCursor> {
  const [event, notification, pending] = await Promise.all([
    db.orderEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
    db.notification.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
    // One still being processed is not behind us yet: its verdict is news to come.
    db.notification.findFirst({ where: { outcome: "RECEIVED", receivedAt: { gt: new Date(now - SETTLE_WAIT_MS) } }, orderBy: { id: "asc" }, select: { id: true } }),
  ]);
  const n = notification?.id ?? 0;
  return { e: event?.id ?? 0, n: pending ? Math.min(n, pending.id - 1) : n };
}

type Member = { subscriber: Subscriber; cursor: FeedCursor; live: boolean };

export class Feed {
  private readonly members = new Set<Member>();
  private head: FeedCursor | null = null;
  private polling = false;
  private again = false;
  private pokedLocally = false;
  private timer: NodeJS.Timeout | undefined;
  private listener: pg.Client | undefined;
  private readonly instance = randomUUID();

  constructor(
    private readonly db: Db,
    private readonly pgUrl: string | null,
    private readonly fallbackMs = pgUrl ? 2_000 : 1_000,
    private readonly replayLimit = REPLAY_LIMIT,
  ) {}

  get size(): number {
    return this.members.size;
  }

  /** Something changed here: read it now (if anyone listens) and tell the other instances. */
  poke(): void {
    if (this.members.size === 0) return;
    this.pokedLocally = true;
    void this.poll();
  }

  /**
   * Follows the feed from `from` (null: from now). Whatever happened after `from` comes first, replayed
   * from the database; a reader too far behind is told to reload instead.
   */
  async subscribe(subscriber: Subscriber, from: FeedCursor | null): Promise<() => void> {
    const head = await this.currentHead();
    const member: Member = { subscriber, cursor: from ?? head, live: false };
    // A position beyond anything stored (a database restored or replaced since) cannot be resumed.
    if (from && (from.e > head.e || from.n > head.n)) {
      member.cursor = { ...head };
      subscriber.resync(member.cursor);
    }
    this.members.add(member);
    this.start();
    const leave = () => {
      this.members.delete(member);
      if (this.members.size === 0) this.stop();
    };
    try {
      let replayed = 0;
      // Replay until caught up with the poller's head; the check and going live happen in one turn,
      // so nothing the poller hands out in between is missed.
      while (!covers(member.cursor, this.head ?? head)) {
        const next = await readFeed(this.db, member.cursor);
        replayed += next.items.length;
        if (replayed > this.replayLimit || (next.items.length === 0 && !next.more && !covers(next.cursor, this.head ?? head))) {
          member.cursor = { ...(this.head ?? head) };
          subscriber.resync(member.cursor);
          break;
        }
        member.cursor = next.cursor;
        if (next.items.length > 0) subscriber.deliver({ items: next.items, cursor: next.cursor });
      }
      member.live = true;
    } catch (error) {
      leave();
      throw error;
    }
    return leave;
  }

  private async currentHead(): Promise<FeedCursor> {
    this.head ??= await feedHead(this.db);
    return this.head;
  }

  private async poll(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = true;
    try {
      do {
        this.again = false;
        const local = this.pokedLocally;
        this.pokedLocally = false;
        const head = await this.currentHead();
        const next = await readFeed(this.db, head);
        this.head = next.cursor;
        if (next.items.length > 0) {
          this.broadcast(next.items, next.cursor);
          if (local) this.announce();
        }
        if (next.more) this.again = true;
      } while (this.again && this.members.size > 0);
    } catch (error) {
      log.warn("events.feed.poll_failed", { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.polling = false;
    }
  }

  private broadcast(items: FeedItem[], cursor: FeedCursor): void {
    for (const member of this.members) {
      if (!member.live) continue;
      const fresh = items.filter((item) => (item.kind === "order" ? item.e > member.cursor.e : item.n > member.cursor.n));
      member.cursor = { e: Math.max(member.cursor.e, cursor.e), n: Math.max(member.cursor.n, cursor.n) };
      if (fresh.length > 0) member.subscriber.deliver({ items: fresh, cursor: member.cursor });
    }
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.fallbackMs);
    this.timer.unref();
    if (this.pgUrl) void this.listen();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    const listener = this.listener;
    this.listener = undefined;
    this.head = null;
    void listener?.end().catch(() => {});
  }

  /** PostgreSQL: wake up when another instance committed a change. */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.pgUrl!, connectionTimeoutMillis: 5_000 });
    this.listener = client;
    client.on("error", (error) => {
      log.warn("events.feed.listener_failed", { error: error.message });
      if (this.listener === client) {
        this.listener = undefined;
        // Reconnect while anyone listens; the fallback poll covers the gap.
        setTimeout(() => this.members.size > 0 && !this.listener && void this.listen(), 1_000).unref();
      }
    });
    client.on("notification", (message) => {
      if (message.payload !== this.instance) void this.poll();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      client.emit("error", error as Error);
    }
  }

  private announce(): void {
    const client = this.listener;
    if (!client) return;
    client.query("SELECT pg_notify($1, $2)", [CHANNEL, this.instance]).catch(() => {});
  }
}

const globalForFeed = globalThis as typeof globalThis & { consoleFeed?: Feed };

/** The process's feed on DATABASE_URL. */
export function getFeed(): Feed {
  if (!globalForFeed.consoleFeed) {
    const url = configuredDatabaseUrl();
    globalForFeed.consoleFeed = new Feed(getDb(), databaseProvider(url) === "postgresql" ? pgConnectionString(url) : null);
  }
  return globalForFeed.consoleFeed;
}

/** Called after this process commits a change to orders or notifications. Costs nothing when nobody watches. */
export function pokeFeed(): void {
  globalForFeed.consoleFeed?.poke();
}
