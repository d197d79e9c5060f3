// The orders list against a migrated database: counts exact up to the cap and marked beyond it, pages
// deep enough to be read in two steps equal to the same slice of the whole sorted list, the flagged view
// narrowed by its index and by the plain filter alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { parseOrderListQuery } from "@/lib/orders/list-query";
import { ORDER_STATUSES, type OrderStatus } from "@/lib/orders/status";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { DEFERRED_JOIN_OFFSET, FLAGGED_LOOKUP_LIMIT, countOrdersByStatus, listOrders, orderFilters } from "./orders";

const ORDERS = 1_200;
const BASE = Date.parse("2026-11-01T00:00:00Z");
type Fixture = { id: string; status: OrderStatus; amountFen: number; createdAt: number; flagged: boolean };

// One a minute; 7 in 10 paid, 2 closed, 1 refunded; 37 amounts (so sorting by amount has ties); 1 in 100 flagged.
const fixtures: Fixture[] = Array.from({ length: ORDERS }, (_, i) => ({
  id: `o${String(i).padStart(5, "0")}`,
  status: i % 10 < 7 ? "PAID" : i % 10 < 9 ? "CLOSED" : "REFUNDED",
  amountFen: 100 + (i % 37),
  createdAt: BASE + i * 60_000,
  flagged: i % 100 === 5,
}));

const view = (search: string) => parseOrderListQuery(Object.fromEntries(new URLSearchParams(search))).query;
const exactCounts = (list: Fixture[]) =>
  Object.fromEntries([...ORDER_STATUSES.map((status) => [status, { count: list.filter((order) => order.status === status).length, more: false }]), ["ALL", { count: list.length, more: false }]]);
const byAmountDesc = (a: Fixture, b: Fixture) => b.amountFen - a.amountFen || (a.id < b.id ? 1 : -1);

describe.each(["sqlite", "postgresql"] as const)("the orders list on %s", (provider) => {
  let database: MigratedDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createMigratedDatabase(provider);
    db = createDb(database.url);
    await db.order.createMany({
      data: fixtures.map((order, i) => {
        const paid = order.status !== "CLOSED";
        return {
          id: order.id,
          outTradeNo: `T${i}`,
          amountFen: order.amountFen,
          subject: "s",
          timeoutMinutes: 30,
          requestHash: "h",
          status: order.status,
          expiresAt: new Date(order.createdAt + 30 * 60_000),
          paidFen: paid ? order.amountFen : 0,
          refundedFen: order.status === "REFUNDED" ? order.amountFen : 0,
          paidAt: paid ? new Date(order.createdAt + 10_000) : null,
          anomalies: order.flagged ? "PAID_AFTER_CLOSE" : "",
          tradeNo: paid ? `TN${i}` : null,
          // One buyer comes back every 50 orders.
          buyerId: i % 50 === 3 ? "2088000000000001" : null,
          buyerLogonId: i % 50 === 3 ? "abc***@126.com" : null,
          createdAt: new Date(order.createdAt),
        };
      }),
    });
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it("counts every tab exactly below the cap", async () => {
    expect(await countOrdersByStatus(db, view(""))).toEqual(exactCounts(fixtures));
  });

  it("stops counting a tab at the cap and says there are more", async () => {
    const counts = await countOrdersByStatus(db, view(""), null, 150);
    expect(counts).toEqual({ ALL: { count: 150, more: true }, PAID: { count: 150, more: true }, CLOSED: { count: 150, more: true }, REFUNDED: { count: 120, more: false }, PENDING: { count: 0, more: false }, FAILED: { count: 0, more: false } });
    // At the boundary: 120 refunded orders are 120 under a cap of 120, more than 119 under a cap of 119.
    expect((await countOrdersByStatus(db, view(""), null, 120)).REFUNDED).toEqual({ count: 120, more: false });
    expect((await countOrdersByStatus(db, view(""), null, 119)).REFUNDED).toEqual({ count: 119, more: true });
    // A search finds few orders: they are counted exactly, whatever the cap (one buyer every 50 orders).
    expect((await countOrdersByStatus(db, view("q=2088000000000001"), null, 5)).ALL).toEqual({ count: ORDERS / 50, more: false });
    // Each tab on its own: a small one stays exact beside the capped ones. 2026-11-01 in Beijing ends 16 hours in.
    expect(await countOrdersByStatus(db, view("to=2026-11-01"), null, 1_000)).toEqual(exactCounts(fixtures.slice(0, 16 * 60)));
  });

  it.each([
    "from=2026-11-01&to=2026-11-01",
    "min=1.10&max=1.20",
    "min=1.30",
    "q=T17",
    "q=TN19",
    "q=2088000000000001",
    "q=abc***@126.com",
    "flagged=1",
    "from=2026-11-01&min=1.30&flagged=1",
  ])("counts the orders the page's filter finds, for %s", async (search) => {
    const query = view(search);
    const where = orderFilters(query);
    const expected = Object.fromEntries(
      await Promise.all([...ORDER_STATUSES, "ALL" as const].map(async (tab) => [tab, { count: await db.order.count({ where: tab === "ALL" ? where : { ...where, status: tab } }), more: false }])),
    );
    expect(await countOrdersByStatus(db, query)).toEqual(expected);
    expect(expected.ALL!.count).toBeGreaterThan(0);
  });

  it("reads a deep page, in two steps, as the same slice of the whole sorted list", async () => {
    const deep = await listOrders(db, view(`sort=amountFen.desc&size=100&page=${DEFERRED_JOIN_OFFSET / 100 + 1}`));
    expect(deep.rows.map((row) => row.id)).toEqual([...fixtures].sort(byAmountDesc).slice(DEFERRED_JOIN_OFFSET, DEFERRED_JOIN_OFFSET + 100).map((order) => order.id));
    const shallow = await listOrders(db, view("sort=amountFen.desc&size=100&page=2"));
    expect(shallow.rows.map((row) => row.id)).toEqual([...fixtures].sort(byAmountDesc).slice(100, 200).map((order) => order.id));
    const newest = await listOrders(db, view(`size=100&page=${DEFERRED_JOIN_OFFSET / 100 + 1}`));
    expect(newest.rows.map((row) => row.id)).toEqual([...fixtures].reverse().slice(DEFERRED_JOIN_OFFSET, DEFERRED_JOIN_OFFSET + 100).map((order) => order.id));
    expect(newest.rows[0]).toMatchObject({ amount: expect.stringMatching(/^\d\.\d\d$/), status: expect.any(String) });
  });

  it("gives a tab's total as its count, and the rows of that tab only", async () => {
    const closed = await listOrders(db, view("status=CLOSED&size=20"));
    expect(closed.total).toEqual({ count: 240, more: false });
    expect(closed.rows.every((row) => row.status === "CLOSED")).toBe(true);
    expect(closed.counts.ALL).toEqual({ count: ORDERS, more: false });
  });

  const flaggedView = async () => {
    const result = await listOrders(db, view("flagged=1&size=100"));
    return { ids: result.rows.map((row) => row.id), counts: result.counts };
  };
  const expectFlagged = (result: Awaited<ReturnType<typeof flaggedView>>, flagged: Fixture[]) => {
    expect(result.ids).toEqual(flagged.reverse().slice(0, 100).map((order) => order.id));
    expect(result.counts).toEqual(exactCounts(flagged));
  };

  it("shows the flagged orders only, found by their own index", async () => {
    expectFlagged(await flaggedView(), fixtures.filter((order) => order.flagged));
  });

  it("shows them the same when there are too many to look up first", async () => {
    const many = fixtures.slice(0, FLAGGED_LOOKUP_LIMIT + 50);
    await db.order.updateMany({ where: { createdAt: { lt: new Date(many.at(-1)!.createdAt + 1) } }, data: { anomalies: "AMOUNT_MISMATCH" } });
    expectFlagged(await flaggedView(), fixtures.filter((order, i) => order.flagged || i < many.length));
  });
});
