// The change feed against a migrated database: live delivery, resuming after a gap, notifications held
// until settled, alerts' changes, and (PostgreSQL) a change made through one instance reaching another's
// readers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { pgConnectionString } from "@/prisma/database-url";
import type { FeedCursor } from "./cursor";
import { recordAlertEvent, type AlertEventType } from "@/lib/alerts/raise";
import { Feed, feedHead, type Delivery } from "./feed";
import type { FeedItem } from "./items";

function collector() {
  const deliveries: Delivery[] = [];
  const resyncs: FeedCursor[] = [];
  const items = () => deliveries.flatMap((d) => d.items);
  return { deliveries, resyncs, items, subscriber: { deliver: (d: Delivery) => deliveries.push(d), resync: (c: FeedCursor) => resyncs.push(c) } };
}

async function until<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const describeOf = (item: FeedItem) =>
  item.kind === "order" ? `order:${item.outTradeNo}:${item.type}` : item.kind === "notification" ? `notification:${item.outTradeNo}:${item.outcome}` : `alert:${item.subject}:${item.type}:${item.status}`;

describe.each(["sqlite", "postgresql"] as const)("the change feed on %s", (provider) => {
  let database: MigratedDatabase;
  let db: Db;
  let count = 0;
  beforeAll(async () => {
    database = await createMigratedDatabase(provider);
    db = createDb(database.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  async function order(type = "CREATED"): Promise<string> {
    const outTradeNo = `F${++count}`;
    await db.$transaction(async (tx) => {
      await tx.order.create({ data: { id: `id-${outTradeNo}`, outTradeNo, amountFen: 100, subject: "s", timeoutMinutes: 5, requestHash: "h", expiresAt: new Date(Date.now() + 300_000) } });
      await tx.orderEvent.create({ data: { orderId: `id-${outTradeNo}`, type, source: "API" } });
    });
    return outTradeNo;
  }

  async function notification(outTradeNo: string, outcome: string): Promise<number> {
    const row = await db.$transaction((tx) => tx.notification.create({ data: { rawBody: Buffer.from("x"), bodySize: 1, outTradeNo, outcome } }));
    return row.id;
  }

  /** An alert raised (or changed) with its event, as lib/alerts does it. */
  async function alertChange(subject: string, type: AlertEventType, status = type === "RAISED" ? "OPEN" : type): Promise<void> {
    await db.$transaction(async (tx) => {
      const id = `alert-${subject}`;
      if (type === "RAISED") await tx.alert.create({ data: { id, rule: "LARGE_ORDER", subject, openKey: `LARGE_ORDER:${subject}`, severity: "warning", detail: JSON.stringify({ paidFen: 880000 }) } });
      else await tx.alert.update({ where: { id }, data: { status } });
      await recordAlertEvent(tx, id, type, type === "RAISED" ? null : "ops@example.com");
    });
  }

  it("delivers what changed after a reader joined, once poked, and nothing from before", async () => {
    const feed = new Feed(db, null, 60_000);
    await order();
    const reader = collector();
    const leave = await feed.subscribe(reader.subscriber, null);
    const a = await order();
    await notification(a, "APPLIED");
    feed.poke();
    await until(reader.items, (items) => items.length === 2);
    expect(reader.items().map(describeOf).sort()).toEqual([`notification:${a}:APPLIED`, `order:${a}:CREATED`]);
    leave();
  });

  it("hands the readers at the same position one and the same delivery, and a reader elsewhere its own", async () => {
    const feed = new Feed(db, null, 60_000);
    const [a, b] = [collector(), collector()];
    const leaveA = await feed.subscribe(a.subscriber, null);
    const leaveB = await feed.subscribe(b.subscriber, null);
    const first = await order();
    feed.poke();
    await until(() => b.deliveries, (d) => d.length === 1);
    // A reader that comes back from before `first` replays it, then is live at the others' position again.
    const c = collector();
    const leaveC = await feed.subscribe(c.subscriber, { e: a.deliveries[0]!.cursor.e - 1, n: a.deliveries[0]!.cursor.n });
    expect(c.items().map(describeOf)).toEqual([`order:${first}:CREATED`]);
    const second = await order();
    feed.poke();
    await until(() => c.deliveries, (d) => d.length === 2);
    await until(() => a.deliveries, (d) => d.length === 2);
    expect(a.deliveries[0]).toBe(b.deliveries[0]);
    expect(a.deliveries[1]).toBe(b.deliveries[1]);
    expect(c.deliveries[1]).toBe(a.deliveries[1]);
    expect(a.deliveries[1]!.items.map(describeOf)).toEqual([`order:${second}:CREATED`]);
    leaveA();
    leaveB();
    leaveC();
  });

  it("reads a change after a quiet spell at once, and a stream of changes at most once per interval, losing none", async () => {
    // An interval longer than `until` waits: a first read that waited for it would time out.
    const feed = new Feed(db, null, 60_000, undefined, 6_000);
    const reader = collector();
    const leave = await feed.subscribe(reader.subscriber, null);
    const first = await order();
    feed.poke();
    await until(() => reader.deliveries, (d) => d.length === 1, 4_000);
    // Four more, each poked at once: one read for all of them, the interval after the first.
    const rest = [];
    for (let i = 0; i < 4; i++) {
      rest.push(await order());
      feed.poke();
    }
    await until(reader.items, (items) => items.length === 5, 10_000);
    expect(reader.deliveries).toHaveLength(2);
    expect(reader.items().map(describeOf)).toEqual([first, ...rest].map((outTradeNo) => `order:${outTradeNo}:CREATED`));
    leave();
  });

  it("replays what a reader missed, in order, when it comes back with its cursor, then goes on live", async () => {
    const feed = new Feed(db, null, 60_000);
    const first = collector();
    const leave = await feed.subscribe(first.subscriber, null);
    const a = await order();
    feed.poke();
    const [delivery] = await until(() => first.deliveries, (d) => d.length === 1);
    leave();
    // Away: three changes happen.
    const b = await order();
    const c = await order("QR_ISSUED");
    await notification(b, "DUPLICATE");
    const again = collector();
    const leaveAgain = await feed.subscribe(again.subscriber, delivery!.cursor);
    expect(again.items().map(describeOf)).toEqual([`order:${b}:CREATED`, `order:${c}:QR_ISSUED`, `notification:${b}:DUPLICATE`]);
    const d = await order();
    feed.poke();
    await until(again.items, (items) => items.length === 4);
    expect(describeOf(again.items()[3]!)).toBe(`order:${d}:CREATED`);
    expect(again.items().some((item) => item.kind === "order" && item.outTradeNo === a)).toBe(false);
    leaveAgain();
  });

  it("holds a notification back until it is settled, and the ones after it", async () => {
    const feed = new Feed(db, null, 60_000);
    const reader = collector();
    const leave = await feed.subscribe(reader.subscriber, null);
    const a = await order();
    const pending = await notification(a, "RECEIVED");
    await notification(a, "APPLIED");
    feed.poke();
    await until(reader.items, (items) => items.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reader.items().map(describeOf)).toEqual([`order:${a}:CREATED`]);
    await db.$transaction((tx) => tx.notification.update({ where: { id: pending }, data: { outcome: "REJECTED" } }));
    feed.poke();
    await until(reader.items, (items) => items.length === 3);
    expect(reader.items().slice(1).map(describeOf)).toEqual([`notification:${a}:REJECTED`, `notification:${a}:APPLIED`]);
    leave();
  });

  it("tells a reader too far behind to reload instead of replaying everything, and one from elsewhere too", async () => {
    const feed = new Feed(db, null, 60_000, 3);
    for (let i = 0; i < 5; i++) await order();
    const behind = collector();
    const leave = await feed.subscribe(behind.subscriber, { e: 0, n: 0 });
    expect(behind.resyncs).toHaveLength(1);
    const a = await order();
    feed.poke();
    // After the reload it is live from where the feed is.
    await until(behind.items, (items) => items.some((item) => item.kind === "order" && item.outTradeNo === a));
    leave();
    const future = collector();
    const leaveFuture = await feed.subscribe(future.subscriber, { e: 1e9, n: 1e9 });
    expect(future.resyncs).toHaveLength(1);
    const b = await order();
    feed.poke();
    await until(future.items, (items) => items.some((item) => item.kind === "order" && item.outTradeNo === b));
    leaveFuture();
  });

  it("carries alerts' changes with the alert as it is, and resumes them after a cursor; an old two-part cursor takes alerts from now", async () => {
    const feed = new Feed(db, null, 60_000);
    const reader = collector();
    const leave = await feed.subscribe(reader.subscriber, null);
    const a = `A${++count}`;
    await alertChange(a, "RAISED");
    feed.poke();
    const [raised] = await until(() => reader.deliveries, (d) => d.length === 1);
    expect(raised!.items).toEqual([
      expect.objectContaining({ kind: "alert", alertId: `alert-${a}`, type: "RAISED", rule: "LARGE_ORDER", severity: "warning", status: "OPEN", subject: a, detail: { paidFen: 880000 }, occurrences: 1, actor: null }),
    ]);
    leave();
    // Away: it is acknowledged, an order comes, it is resolved.
    await alertChange(a, "ACKNOWLEDGED");
    const o = await order();
    await alertChange(a, "RESOLVED");
    const again = collector();
    const leaveAgain = await feed.subscribe(again.subscriber, raised!.cursor);
    // Each change says what happened; all show the alert as it is now.
    expect(again.items().map(describeOf)).toEqual([`alert:${a}:ACKNOWLEDGED:RESOLVED`, `order:${o}:CREATED`, `alert:${a}:RESOLVED:RESOLVED`]);
    leaveAgain();
    // A browser that still holds a cursor from before alerts were on the feed ("e.n"): what it missed of
    // orders and notifications, and of alerts only what comes after it connects.
    const b = `A${++count}`;
    await alertChange(b, "RAISED");
    const p = await order();
    const old = collector();
    const leaveOld = await feed.subscribe(old.subscriber, { e: raised!.cursor.e, n: raised!.cursor.n });
    expect(old.items().map(describeOf)).toEqual([`order:${o}:CREATED`, `order:${p}:CREATED`]);
    await alertChange(b, "ACKNOWLEDGED");
    feed.poke();
    await until(old.items, (items) => items.length === 3);
    expect(describeOf(old.items()[2]!)).toBe(`alert:${b}:ACKNOWLEDGED:ACKNOWLEDGED`);
    leaveOld();
  });

  /** An order and its event in a transaction left open until `commit` is called (PostgreSQL numbers the event now, shows it then). */
  async function openOrder(): Promise<{ outTradeNo: string; commit(): Promise<void>; rollback(): Promise<void> }> {
    const outTradeNo = `F${++count}`;
    let end!: (commit: boolean) => void;
    const decided = new Promise<boolean>((resolve) => (end = resolve));
    let inserted!: () => void;
    const ready = new Promise<void>((resolve) => (inserted = resolve));
    const done = db
      .$transaction(async (tx) => {
        await tx.order.create({ data: { id: `id-${outTradeNo}`, outTradeNo, amountFen: 100, subject: "s", timeoutMinutes: 5, requestHash: "h", expiresAt: new Date(Date.now() + 300_000) } });
        await tx.orderEvent.create({ data: { orderId: `id-${outTradeNo}`, type: "CREATED", source: "API" } });
        inserted();
        if (!(await decided)) throw new Error("rolled back");
      })
      .catch((error: Error) => expect(error.message).toBe("rolled back"));
    await ready;
    return { outTradeNo, commit: () => (end(true), done), rollback: () => (end(false), done) };
  }

  it.runIf(provider === "postgresql")("delivers an event committed after a later-numbered one, instead of moving past it for good", async () => {
    const feed = new Feed(db, null, 60_000);
    const reader = collector();
    const leave = await feed.subscribe(reader.subscriber, null);
    const slow = await openOrder();
    const fast = await order();
    feed.poke();
    // The later event waits: its reader would otherwise be past the earlier one's id when it commits.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reader.items()).toEqual([]);
    await slow.commit();
    feed.poke();
    await until(reader.items, (items) => items.length === 2);
    expect(reader.items().map(describeOf).sort()).toEqual([`order:${fast}:CREATED`, `order:${slow.outTradeNo}:CREATED`].sort());
    leave();
  });

  it.runIf(provider === "postgresql")("waits at an alert event committed after a later-numbered one, as at an order event", async () => {
    const feed = new Feed(db, null, 60_000);
    const reader = collector();
    const leave = await feed.subscribe(reader.subscriber, null);
    const slow = `A${++count}`;
    const fast = `A${++count}`;
    let commit!: () => void;
    const decided = new Promise<void>((resolve) => (commit = resolve));
    let inserted!: () => void;
    const ready = new Promise<void>((resolve) => (inserted = resolve));
    const done = db.$transaction(async (tx) => {
      await tx.alert.create({ data: { id: `alert-${slow}`, rule: "LARGE_ORDER", subject: slow, severity: "warning" } });
      await recordAlertEvent(tx, `alert-${slow}`, "RAISED");
      inserted();
      await decided;
    });
    await ready;
    await alertChange(fast, "RAISED");
    feed.poke();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reader.items()).toEqual([]);
    commit();
    await done;
    feed.poke();
    await until(reader.items, (items) => items.length === 2);
    expect(reader.items().map(describeOf).sort()).toEqual([`alert:${fast}:RAISED:OPEN`, `alert:${slow}:RAISED:OPEN`].sort());
    leave();
  });

  it.runIf(provider === "postgresql")("moves past an id whose transaction rolled back as soon as it has, and gives a page's head only once the writers then have ended", async () => {
    const feed = new Feed(db, null, 60_000);
    const reader = collector();
    const leave = await feed.subscribe(reader.subscriber, null);
    const abandoned = await openOrder();
    const after = await order();
    let head: FeedCursor | null = null;
    const reading = feedHead(db).then((cursor) => (head = cursor));
    feed.poke();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(head).toBeNull();
    await abandoned.rollback();
    const started = Date.now();
    // No poke: a rollback brings none; the poller looks again by itself while it waits at a gap.
    await until(reader.items, (items) => items.length === 1, 2_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(reader.items().map(describeOf)).toEqual([`order:${after}:CREATED`]);
    await reading;
    expect(head).not.toBeNull();
    leave();
  });

  it.runIf(provider === "postgresql")("brings a change made through one instance to readers of another (LISTEN/NOTIFY)", async () => {
    const url = pgConnectionString(database.url);
    const otherDb = createDb(database.url);
    // Fallback polls far apart: only the notification can bring the change in time.
    const writer = new Feed(db, url, 60_000);
    const other = new Feed(otherDb, url, 60_000);
    const writerReader = collector();
    const otherReader = collector();
    const leaveWriter = await writer.subscribe(writerReader.subscriber, null);
    const leaveOther = await other.subscribe(otherReader.subscriber, null);
    await new Promise((resolve) => setTimeout(resolve, 300)); // both LISTENing
    const a = await order();
    const started = Date.now();
    writer.poke();
    await until(otherReader.items, (items) => items.length === 1, 3_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(describeOf(otherReader.items()[0]!)).toBe(`order:${a}:CREATED`);
    leaveWriter();
    leaveOther();
    await otherDb.$disconnect();
  });
});
