import { describe, expect, it } from "vitest";
import { ORDER_STATUSES } from "@/lib/orders/status";
import { MAX_SEED_COUNT, type SeedOrder, dayTimes, generateOrders, parseSeedCount, planDays, seededRandom } from "./orders";

// 10:30 in Beijing, a Wednesday.
const NOW = new Date("2026-12-02T02:30:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;
const generate = (count: number, seed = 7) => [...generateOrders({ count, now: NOW, seed, batchSize: 1_000 })].flat();
const beijingHour = (date: Date) => (date.getUTCHours() + 8) % 24;

describe("the seed's count", () => {
  it.each([
    ["1", 1],
    ["1000000", 1_000_000],
    [" 250000 ", 250_000],
    ["1,000,000", 1_000_000],
    ["1_000_000", 1_000_000],
    [String(MAX_SEED_COUNT), MAX_SEED_COUNT],
  ])("takes %j", (text, count) => {
    expect(parseSeedCount(text)).toEqual({ count });
  });

  it.each(["0", "-5", "1.5", "1e6", "abc", "10k", "1,00", "0x10", String(MAX_SEED_COUNT + 1), "99999999999999999999"])("refuses %j, saying what it takes", (text) => {
    const result = parseSeedCount(text);
    expect(result).toEqual({ error: expect.stringContaining(`from 1 to 10,000,000, not ${JSON.stringify(text)}`) });
    expect("error" in result && result.error).toContain("Usage: npm run seed:bulk -- <count>");
  });

  it("asks for one when none is given", () => {
    expect(parseSeedCount(undefined)).toEqual({ error: expect.stringMatching(/^No count given\.\nUsage/) });
    expect(parseSeedCount("  ")).toEqual({ error: expect.stringMatching(/^No count given/) });
  });
});

describe("the seed's days", () => {
  it("gives 90 Beijing days exactly the orders asked for, today only up to now", () => {
    const plan = planDays(100_003, NOW, seededRandom(1));
    expect(plan).toHaveLength(90);
    expect(plan.reduce((sum, day) => sum + day.orders, 0)).toBe(100_003);
    // Beijing midnight is 16:00 UTC the day before.
    expect(new Date(plan.at(-1)!.dayStart).toISOString()).toBe("2026-12-01T16:00:00.000Z");
    expect(plan[1]!.dayStart - plan[0]!.dayStart).toBe(DAY_MS);
    // Today's 10.5 hours hold fewer orders than a whole day.
    expect(plan.at(-1)!.orders).toBeLessThan(plan.at(-2)!.orders * 0.6);
  });

  it("follows a shop's day: lunch is busier than the small hours, and nothing is after now", () => {
    const times = dayTimes(Date.parse("2026-11-30T16:00:00Z"), 20_000, NOW, seededRandom(2));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const hours = new Array<number>(24).fill(0);
    for (const time of times) hours[beijingHour(new Date(time))]! += 1;
    expect(hours[12]!).toBeGreaterThan(hours[3]! * 10);
    expect(hours[18]!).toBeGreaterThan(hours[15]!);
    const today = dayTimes(Date.parse("2026-12-01T16:00:00Z"), 1_000, NOW, seededRandom(3));
    expect(Math.max(...today)).toBeLessThanOrEqual(NOW.getTime());
  });
});

describe("the seeded orders", () => {
  const orders = generate(20_000);

  it("are as many as asked, oldest first, over the 90 days up to now", () => {
    expect(orders).toHaveLength(20_000);
    const times = orders.map((order) => order.createdAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[0]!).toBeGreaterThanOrEqual(NOW.getTime() - 90 * DAY_MS);
    expect(times.at(-1)!).toBeLessThanOrEqual(NOW.getTime());
  });

  it("have unique ids, order numbers and trade numbers, shaped as the console's and Alipay's", () => {
    for (const column of ["id", "outTradeNo", "tradeNo"] as const) {
      const values = orders.map((order) => order[column]).filter((value) => value !== null);
      expect(new Set(values).size).toBe(values.length);
    }
    for (const order of orders.slice(0, 500)) {
      expect(order.id).toMatch(/^[\w-]{22}$/);
      expect(order.outTradeNo).toMatch(/^20\d{20}$/);
      if (order.tradeNo) expect(order.tradeNo).toMatch(/^\d{8}22001\d{15}$/);
      if (order.buyerId) expect(order.buyerId).toMatch(/^2088\d{12}$/);
      if (order.buyerLogonId) expect(order.buyerLogonId).toMatch(/^(1\d{2}\*{4}\d{4}|[a-z]{3}\*{3}@[\w.]+)$/);
    }
  });

  it("are spread over the statuses as a shop's are: mostly paid, some closed, a few refunded or failed", () => {
    const share = (match: (order: SeedOrder) => boolean) => orders.filter(match).length / orders.length;
    expect(new Set(orders.map((order) => order.status))).toEqual(new Set(ORDER_STATUSES));
    expect(share((order) => order.status === "PAID")).toBeGreaterThan(0.75);
    expect(share((order) => order.status === "CLOSED")).toBeGreaterThan(0.1);
    expect(share((order) => order.status === "REFUNDED")).toBeGreaterThan(0.01);
    expect(share((order) => order.status === "PAID" && order.refundedFen > 0)).toBeGreaterThan(0.005);
    expect(share((order) => order.status === "FAILED")).toBeGreaterThan(0);
    // Pending only while the buyer can still pay.
    const pending = orders.filter((order) => order.status === "PENDING");
    expect(pending.length).toBeGreaterThan(0);
    for (const order of pending) expect(order.expiresAt.getTime()).toBeGreaterThan(NOW.getTime() - 60_000);
  });

  it("keep the database's rules and each status's facts", () => {
    const broken = (rule: string, holds: (order: SeedOrder) => boolean) => expect(orders.filter((order) => !holds(order)).map((order) => `${rule}: ${order.outTradeNo}`)).toEqual([]);
    const paid = (order: SeedOrder) => order.status === "PAID" || order.status === "REFUNDED";
    broken("integer amount of at least 1 fen", (order) => Number.isSafeInteger(order.amountFen) && order.amountFen >= 1);
    broken("refunded at most what was paid", (order) => order.refundedFen <= order.paidFen);
    broken("paid the amount when paid, nothing otherwise", (order) => order.paidFen === (paid(order) ? order.amountFen : 0));
    broken("a payment time when paid", (order) => (order.paidAt !== null) === paid(order));
    broken("paid inside the window", (order) => !order.paidAt || (order.paidAt > order.createdAt && order.paidAt < order.expiresAt));
    broken("a trade number once scanned", (order) => (order.tradeNo !== null) === order.scanned);
    broken("a close time when closed", (order) => (order.closedAt !== null) === (order.status === "CLOSED"));
    broken("REFUNDED is all of it", (order) => order.status !== "REFUNDED" || order.refundedFen === order.paidFen);
    broken("nothing after now", (order) => order.updatedAt.getTime() <= NOW.getTime());
    broken("the worker looks at open orders only", (order) => (order.nextCheckAt !== null) === (order.status === "PENDING"));
  });

  it("cost about ¥30, in integer fen, with a long tail", () => {
    const amounts = orders.map((order) => order.amountFen).sort((a, b) => a - b);
    expect(amounts[amounts.length >> 1]!).toBeGreaterThan(1_500);
    expect(amounts[amounts.length >> 1]!).toBeLessThan(5_000);
    expect(amounts.at(-1)!).toBeGreaterThan(20_000);
  });

  it("bring regular buyers back", () => {
    const byBuyer = new Map<string, number>();
    for (const order of orders) if (order.buyerId) byBuyer.set(order.buyerId, (byBuyer.get(order.buyerId) ?? 0) + 1);
    expect(Math.max(...byBuyer.values())).toBeGreaterThan(20);
  });

  it("are the same for the same seed (the ids excepted), and continue the numbers of orders already there", () => {
    const numbers = (list: SeedOrder[]) => list.map((order) => `${order.outTradeNo} ${order.status} ${order.amountFen}`);
    expect(numbers(generate(2_000, 11))).toEqual(numbers(generate(2_000, 11)));
    expect(numbers(generate(2_000, 12))).not.toEqual(numbers(generate(2_000, 11)));
    const [after] = [...generateOrders({ count: 1, now: NOW, seed: 1, firstSequence: 1_234 })];
    expect(after![0]!.outTradeNo.endsWith("00001234")).toBe(true);
  });
});
