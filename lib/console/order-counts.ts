// The orders list's status tabs: how many orders each holds under the view's filters. A search, or the
// flagged view narrowed to its ids, finds few orders: they are counted exactly, grouped by status, in
// one statement. Any other view may hold a million: each tab is counted up to COUNT_CAP and shown as
// "more than COUNT_CAP" beyond (an exact count reads every matching index entry, 0.3–0.5 s for all of
// them on the benchmark's machine, growing with the shop; a capped one at most COUNT_CAP + 1, from an
// index alone: (status, createdAt, id) for a tab, (createdAt, id) for all), the six counts in one
// statement. A search is never counted tab by tab: without statistics SQLite would read the status's
// index for it rather than the search's. On the driver under Prisma (lib/payments/driver.ts): each ORM
// query costs 1–2 ms of CPU to compile, six of them more than their work (npm run bench:orders).
import "server-only";
import { type Db, getDriver } from "@/lib/db";
import type { OrderListQuery, TabCount } from "@/lib/orders/list-query";
import { ORDER_STATUSES, type OrderStatus, isOrderStatus } from "@/lib/orders/status";
import { type Value, readRows, tableOf } from "@/lib/payments/driver";
import { filterConditions } from "./order-filters";

/** Counts are exact up to this many orders; a tab holding more says so ("10,000+"). */
export const COUNT_CAP = 10_000;

export type StatusCounts = Record<OrderStatus | "ALL", TabCount>;

/**
 * Each tab's count under the view's filters (its status tab aside): exact for a search or a view
 * narrowed to `ids` (it lies among these orders: see orderFilters), otherwise exact up to `cap`.
 */
export async function countOrdersByStatus(db: Db, query: OrderListQuery, ids: readonly string[] | null = null, cap = COUNT_CAP): Promise<StatusCounts> {
  if (!Number.isSafeInteger(cap) || cap < 0) throw new RangeError(`cap must be a whole number, not ${cap}`);
  const driver = await getDriver(db);
  const { conditions, params } = filterConditions(query, ids, driver.kind);
  const table = tableOf(driver)("Order");
  const where = (extra: string[]) => (conditions.length + extra.length > 0 ? ` WHERE ${[...conditions, ...extra].join(" AND ")}` : "");
  const tabs: (OrderStatus | "ALL")[] = ["ALL", ...ORDER_STATUSES];
  const read = (text: string, values: Value[]) => readRows(driver, text, values);
  if (query.q || ids) {
    const groups = await read(`SELECT "status", count(*) AS "n" FROM ${table}${where([])} GROUP BY "status"`, params);
    const counts = Object.fromEntries(tabs.map((tab) => [tab, { count: 0, more: false }])) as StatusCounts;
    for (const group of groups) {
      const n = Number(group.n);
      if (isOrderStatus(String(group.status))) counts[group.status as OrderStatus].count = n;
      counts.ALL.count += n;
    }
    return counts;
  }
  // The statuses are our closed set, written into the text; the filters' values are parameters, once per count.
  const counts = tabs.map((tab) => `(SELECT count(*) FROM (SELECT 1 FROM ${table}${where(tab === "ALL" ? [] : [`"status" = '${tab}'`])} LIMIT ${cap + 1}) AS "view") AS "${tab}"`);
  const [row] = await read(`SELECT ${counts.join(", ")}`, tabs.flatMap(() => params));
  return Object.fromEntries(
    tabs.map((tab) => {
      const count = Number(row![tab]);
      return [tab, count > cap ? { count: cap, more: true } : { count, more: false }];
    }),
  ) as StatusCounts;
}
