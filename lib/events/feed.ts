// The console's change feed: what changed in orders, notifications and alerts, read from the database
// (the order events and the notification log are its log already, so nothing extra is written on the
// payment paths; alerts change in place, so each change is numbered in AlertEvent), pushed to every
// operator's stream. One poller per process reads what is new once and
// hands it to all subscribers. It runs when this process commits a change (pokeFeed), when another
// instance says it did (PostgreSQL LISTEN/NOTIFY), and every few seconds in case a change came from
// elsewhere (a CLI, a process without a listener). On PostgreSQL it never moves past an id whose
// transaction may still commit (gaps.ts); a replay goes no further than where the poller is.
import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { configuredDatabaseUrl, getDb, getDriver, type Db } from "@/lib/db";
import { log } from "@/lib/log";
import { databaseProvider, pgConnectionString } from "@/prisma/database-url";
import { covers, formatCursor, furthest, type FeedCursor, type ResumeCursor } from "./cursor";
import { GapGuard, type Writers } from "./gaps";
import { feedIdOf, type FeedItem } from "./items";
import { type Delivery, feedHead, readFeed, writersOf } from "./read";

// The pages take their position and the latest items from here, as before the reads had a module of their own.
export { feedHead, recentFeed, type Delivery } from "./read";

/** A reader further behind than this reloads instead of replaying. */
export const REPLAY_LIMIT = 2_000;
const CHANNEL = "console_feed";
/**
 * Reads begin at least this far apart: under a stream of commits (100 notifications a second commit
 * every 10-30 ms) a stream gets a delivery every 50 ms rather than one per commit, and the poller's two
 * queries run as seldom (README, Benchmarks: live updates). A change after a quiet spell is read at once.
 */
const POLL_GAP_MS = 50;

export type Subscriber = { deliver(delivery: Delivery): void; resync(cursor: FeedCursor): void };

type Member = { subscriber: Subscriber; cursor: FeedCursor; live: boolean };

export class Feed {
  private readonly members = new Set<Member>();
  private head: FeedCursor | null = null;
  private polling = false;
  private again = false;
  private lastPoll = 0;
  private nextPoll: NodeJS.Timeout | undefined;
  private pokedLocally = false;
  private timer: NodeJS.Timeout | undefined;
  /** PostgreSQL only: commits come out of id order there (gaps.ts). Undefined: not known yet. */
  private guard: GapGuard | null | undefined;
  private listener: pg.Client | undefined;
  private readonly instance = randomUUID();

  constructor(
    private readonly db: Db,
    private readonly pgUrl: string | null,
    private readonly fallbackMs = pgUrl ? 2_000 : 1_000,
    private readonly replayLimit = REPLAY_LIMIT,
    private readonly pollGapMs = POLL_GAP_MS,
  ) {}

  get size(): number {
    return this.members.size;
  }

  /** Something changed here: read it now (if anyone listens) and tell the other instances. */
  poke(): void {
    if (this.members.size === 0) return;
    this.pokedLocally = true;
    this.schedule();
  }

  /**
   * Follows the feed from `from` (null: from now; a cursor without an alert part: alerts from now).
   * Whatever happened after `from` comes first, replayed from the database; a reader too far behind is
   * told to reload instead.
   */
  async subscribe(subscriber: Subscriber, resume: ResumeCursor | null): Promise<() => void> {
    const head = await this.currentHead();
    const from = resume && { e: resume.e, n: resume.n, a: resume.a ?? head.a };
    const member: Member = { subscriber, cursor: from ?? head, live: false };
    // A position beyond anything stored (a database restored or replaced since) cannot be resumed.
    if (from && !covers(head, from)) {
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
        const next = await readFeed(this.db, member.cursor, { upTo: this.head ?? head });
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

  /** Reads now, or once POLL_GAP_MS have passed since the last read began; a read under way reads again after. */
  private schedule(): void {
    if (this.polling) {
      this.again = true;
      return;
    }
    if (this.nextPoll) return;
    const wait = this.lastPoll + this.pollGapMs - Date.now();
    if (wait <= 0) return void this.poll();
    this.nextPoll = setTimeout(() => {
      this.nextPoll = undefined;
      void this.poll();
    }, wait);
    this.nextPoll.unref();
  }

  private async poll(): Promise<void> {
    this.polling = true;
    this.lastPoll = Date.now();
    try {
      this.again = false;
      const local = this.pokedLocally;
      this.pokedLocally = false;
      const head = await this.currentHead();
      const guard = await this.gapGuard();
      // Writers read before the read let gaps they were holding be passed; after it, they are the new gaps' suspects.
      if (guard?.waiting) guard.writersBefore(await this.writers());
      const next = await readFeed(this.db, head, { guard });
      if (guard?.unrecorded) guard.writersAfter(await this.writers());
      guard?.forget("e", next.cursor.e);
      guard?.forget("n", next.cursor.n);
      guard?.forget("a", next.cursor.a);
      this.head = next.cursor;
      if (next.items.length > 0) {
        this.broadcast(next.items, next.cursor);
        if (local) this.announce();
      }
      // A gap whose writer rolled back brings no poke: look again at the next turn.
      if (next.more || next.held) this.again = true;
    } catch (error) {
      log.warn("events.feed.poll_failed", { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.polling = false;
      if (this.again && this.members.size > 0) this.schedule();
    }
  }

  private async gapGuard(): Promise<GapGuard | null> {
    if (this.guard === undefined) this.guard = (await getDriver(this.db)).kind === "postgresql" ? new GapGuard() : null;
    return this.guard;
  }

  private async writers(): Promise<Writers> {
    const driver = await getDriver(this.db);
    if (driver.kind !== "postgresql") throw new Error("the feed's gap guard is for PostgreSQL");
    return writersOf(driver);
  }

  /**
   * Live members are nearly all at the same position (the poller's last): they get one and the same
   * delivery, which the streams then serialize once for all of them (stream.ts), not once each.
   */
  private broadcast(items: FeedItem[], cursor: FeedCursor): void {
    const byPosition = new Map<string, Delivery | null>();
    for (const member of this.members) {
      if (!member.live) continue;
      const position = formatCursor(member.cursor);
      let delivery = byPosition.get(position);
      if (delivery === undefined) {
        const from = member.cursor;
        const fresh = items.filter((item) => {
          const { kind, id } = feedIdOf(item);
          return id > from[kind];
        });
        delivery = fresh.length > 0 ? { items: fresh, cursor: furthest(from, cursor) } : null;
        byPosition.set(position, delivery);
      }
      member.cursor = furthest(member.cursor, cursor);
      if (delivery) member.subscriber.deliver(delivery);
    }
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.schedule(), this.fallbackMs);
    this.timer.unref();
    if (this.pgUrl) void this.listen();
  }

  private stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.nextPoll);
    this.timer = undefined;
    this.nextPoll = undefined;
    this.guard = undefined;
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
      if (message.payload !== this.instance) this.schedule();
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

/** Called after this process commits a change to orders, notifications or alerts. Costs nothing when nobody watches. */
export function pokeFeed(): void {
  globalForFeed.consoleFeed?.poke();
}
