// The orders list's queries as the console runs them (lib/console/orders.ts, views parsed from URL
// parameters by lib/orders/list-query.ts), timed against a seeded database, with the floors of the same
// database beside them: `SELECT 1` and an order read by its primary key, through the same client.
// Rounds run every query once, in turn, so that the machine's drift touches each alike.
import { type Db } from "@/lib/db";
import { countOrdersByStatus, listOrders } from "@/lib/console/orders";
import { parseOrderListQuery } from "@/lib/orders/list-query";
import { percentile } from "./load";

export type ListCase = { name: string; run(db: Db): Promise<unknown> };

/** Real values of the seeded database to search for: an order, its trade number, a regular buyer. */
export type ListSample = { id: string; outTradeNo: string; tradeNo: string; buyerId: string; buyerLogonId: string; buyerOrders: number; logonOrders: number; weekFrom: string; weekTo: string };

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** YYYY-MM-DD of the Beijing day `days` before the one containing `now`. */
export function beijingDay(now: Date, days: number): string {
  return new Date(now.getTime() + BEIJING_OFFSET_MS - days * DAY_MS).toISOString().slice(0, 10);
}

/** Picks what the searches look for: an order from the middle of the table, the buyer with the most orders. */
export async function sampleOrders(db: Db, now: Date): Promise<ListSample> {
  const total = await db.order.count();
  const [order] = await db.order.findMany({ where: { tradeNo: { not: null } }, orderBy: { createdAt: "asc" }, skip: Math.floor(total / 2), take: 1, select: { id: true, outTradeNo: true, tradeNo: true } });
  if (!order?.tradeNo) throw new Error("the seeded database has no paid order to search for");
  // Among the first 20,000 orders: the regulars show up there too, and the grouping stays cheap.
  const recent = await db.order.findMany({ where: { buyerId: { not: null } }, orderBy: { createdAt: "desc" }, take: 20_000, select: { buyerId: true, buyerLogonId: true } });
  const frequency = new Map<string, number>();
  for (const row of recent) frequency.set(row.buyerId!, (frequency.get(row.buyerId!) ?? 0) + 1);
  const buyerId = [...frequency.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const buyerLogonId = recent.find((row) => row.buyerId === buyerId)!.buyerLogonId!;
  const [buyerOrders, logonOrders] = await Promise.all([db.order.count({ where: { buyerId } }), db.order.count({ where: { buyerLogonId } })]);
  return { id: order.id, outTradeNo: order.outTradeNo, tradeNo: order.tradeNo, buyerId, buyerLogonId, buyerOrders, logonOrders, weekFrom: beijingDay(now, 7), weekTo: beijingDay(now, 1) };
}

function view(params: Record<string, string>) {
  const { query, problems } = parseOrderListQuery(params);
  if (problems.length > 0) throw new Error(`the benchmark's view ${JSON.stringify(params)} is refused: ${JSON.stringify(problems)}`);
  return query;
}

/** The views timed, each as the orders page asks for it (one page of rows and the tabs' counts), and the counts alone. */
export function listCases(sample: ListSample): ListCase[] {
  const page = (name: string, params: Record<string, string>): ListCase => {
    const query = view(params);
    return { name, run: (db) => listOrders(db, query) };
  };
  return [
    page("first page (newest first, 50 rows)", {}),
    page("status tab: CLOSED", { status: "CLOSED" }),
    page("status tab: REFUNDED", { status: "REFUNDED" }),
    page("one week (the last 7 Beijing days)", { from: sample.weekFrom, to: sample.weekTo }),
    page("one week, PAID tab, by amount", { from: sample.weekFrom, to: sample.weekTo, status: "PAID", sort: "amountFen.desc" }),
    page("search: an out_trade_no", { q: sample.outTradeNo }),
    page("search: a trade_no", { q: sample.tradeNo }),
    page("search: a regular buyer's id (2088…)", { q: sample.buyerId }),
    page("search: that buyer's masked logon id", { q: sample.buyerLogonId }),
    page("sorted by amount, largest first", { sort: "amountFen.desc" }),
    page("sorted by payment time", { sort: "paidAt.desc" }),
    page("deep page: 2,000 of 50 (offset 99,950)", { page: "2000" }),
    page("flagged only", { flagged: "1" }),
    { name: "tab counts alone, no filter", run: (db) => countOrdersByStatus(db, view({})) },
  ];
}

export function floorCases(sample: ListSample): ListCase[] {
  return [
    { name: "floor: SELECT 1", run: (db) => db.$queryRaw`SELECT 1` },
    { name: "floor: one order by primary key", run: (db) => db.order.findUnique({ where: { id: sample.id }, select: { id: true, status: true } }) },
  ];
}

export type Timing = { name: string; samples: number[] };

export type Summary = { name: string; n: number; p50: number; p95: number; max: number };

export function summarize(timing: Timing): Summary {
  const sorted = [...timing.samples].sort((a, b) => a - b);
  return { name: timing.name, n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/**
 * `warmup` untimed rounds, then up to `rounds` timed ones, stopping early after `maxSeconds` (a slow query
 * must not make the run endless; its figure then has fewer samples, printed beside it).
 */
export async function timeCases(db: Db, cases: ListCase[], { rounds, warmup, maxSeconds }: { rounds: number; warmup: number; maxSeconds: number }): Promise<Timing[]> {
  const timings = cases.map((item) => ({ name: item.name, samples: [] as number[] }));
  for (let round = 0; round < warmup; round++) for (const item of cases) await item.run(db);
  const started = performance.now();
  for (let round = 0; round < rounds && (performance.now() - started) / 1000 < maxSeconds; round++) {
    for (const [i, item] of cases.entries()) {
      const start = performance.now();
      await item.run(db);
      timings[i]!.samples.push(performance.now() - start);
    }
  }
  return timings;
}
