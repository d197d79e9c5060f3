// Synthetic orders for `npm run seed:bulk` and the orders-list benchmark: as a shop's scan-to-pay orders
// look after 90 days, in the order they were created. Most are paid, some closed unpaid, a few refunded
// (fully: REFUNDED; partly: PAID with refundedFen), failed, or still pending in their payment window;
// times follow a shop's day (breakfast, lunch, dinner; busier weekends; slow growth); amounts are
// integer fen around ¥30 with a long tail; regular buyers come back. Pure: the randomness is a seeded
// generator, so the same seed and `now` give the same rows (the ids excepted: unguessable, as real ones).
import { randomBytes } from "node:crypto";
import { MAX_AMOUNT_FEN } from "@/lib/money";
import type { OrderStatus } from "@/lib/orders/status";
import type { Order } from "@/prisma/generated/sqlite/client";

/** An Order row, every column, money in fen as numbers (as lib/db.ts reads it back). */
export type SeedOrder = { [K in keyof Order]: Order[K] extends bigint ? number : Order[K] };

/**
 * The out_trade_no's sequence part has 8 digits, and a shop's database of 10 million orders is already
 * far beyond the ones this benchmark is about.
 */
export const MAX_SEED_COUNT = 10_000_000;
export const SEED_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const BEIJING_OFFSET_MS = 8 * HOUR_MS;

/** A count of orders from the command line: a whole number from 1 to MAX_SEED_COUNT, `_` or `,` as separators. */
export function parseSeedCount(text: string | undefined): { count: number } | { error: string } {
  const usage = "Usage: npm run seed:bulk -- <count>   e.g. npm run seed:bulk -- 1000000";
  if (text === undefined || text.trim() === "") return { error: `No count given.\n${usage}` };
  const digits = text.trim().replace(/(?<=\d)[_,](?=\d{3}(?:\D|$))/g, "");
  const count = Number(digits);
  if (!/^\d+$/.test(digits) || !Number.isSafeInteger(count) || count < 1 || count > MAX_SEED_COUNT) {
    return { error: `The count must be a whole number of orders from 1 to ${MAX_SEED_COUNT.toLocaleString("en")}, not ${JSON.stringify(text)}.\n${usage}` };
  }
  return { count };
}

/** sfc32: small, fast, and good enough for synthetic data; seeded, so a run can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

/** Orders per Beijing hour of a day, relative: the night, breakfast, lunch, the afternoon, dinner. */
export const HOURLY_WEIGHTS = [0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 2.0, 3.5, 2.6, 2.2, 4.0, 5.5, 4.2, 2.6, 2.3, 2.6, 3.8, 5.0, 4.6, 3.4, 2.4, 1.5, 0.8];
/** By Beijing weekday, Sunday first: weekends are busier. */
const WEEKDAY_WEIGHTS = [1.2, 1, 1, 1, 1, 1.1, 1.3];

/** `yyyyMMdd` of the Beijing day starting at `dayStart`. */
function beijingDate(dayStart: number): string {
  return new Date(dayStart + BEIJING_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, "");
}

/** `HHmmss` of `at` in the Beijing day starting at `dayStart`. */
function beijingClock(dayStart: number, at: number): string {
  const seconds = Math.floor((at - dayStart) / 1000);
  const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${pad(Math.floor(seconds / 3600))}${pad(Math.floor(seconds / 60) % 60)}${pad(seconds % 60)}`;
}

/** Start of the Beijing day containing `at`, as an instant. */
function beijingDayStartOf(at: number): number {
  return Math.floor((at + BEIJING_OFFSET_MS) / DAY_MS) * DAY_MS - BEIJING_OFFSET_MS;
}

/** The part of each Beijing hour of the day starting at `dayStart` that is before `now` (0..1). */
function hourFractions(dayStart: number, now: number): number[] {
  return HOURLY_WEIGHTS.map((_, hour) => Math.min(1, Math.max(0, (now - (dayStart + hour * HOUR_MS)) / HOUR_MS)));
}

/**
 * How many orders each of the `days` Beijing days up to `now` gets (today only up to now): weighted by
 * weekday, a slow growth and a day-to-day wobble, rounded so that they add up to `count` exactly.
 */
export function planDays(count: number, now: Date, random: () => number, days = SEED_DAYS): { dayStart: number; orders: number }[] {
  const today = beijingDayStartOf(now.getTime());
  const weights = Array.from({ length: days }, (_, i) => {
    const dayStart = today - (days - 1 - i) * DAY_MS;
    const weekday = new Date(dayStart + BEIJING_OFFSET_MS).getUTCDay();
    const elapsed = hourFractions(dayStart, now.getTime()).reduce((sum, part, hour) => sum + part * HOURLY_WEIGHTS[hour]!, 0);
    return { dayStart, weight: WEEKDAY_WEIGHTS[weekday]! * (1 + (0.25 * i) / days) * (0.9 + 0.2 * random()) * elapsed };
  });
  const total = weights.reduce((sum, day) => sum + day.weight, 0);
  const exact = weights.map((day) => (count * day.weight) / total);
  const plan = weights.map((day, i) => ({ dayStart: day.dayStart, orders: Math.floor(exact[i]!) }));
  // Largest remainders first: the counts add up to `count`.
  const left = count - plan.reduce((sum, day) => sum + day.orders, 0);
  const byRemainder = exact.map((value, i) => ({ i, remainder: value - Math.floor(value) })).sort((x, y) => y.remainder - x.remainder);
  for (let k = 0; k < left; k++) plan[byRemainder[k % days]!.i]!.orders += 1;
  return plan;
}

/** `orders` creation times in the day starting at `dayStart`, before `now`, following the hourly curve, sorted. */
export function dayTimes(dayStart: number, orders: number, now: Date, random: () => number): number[] {
  const fractions = hourFractions(dayStart, now.getTime());
  const weights = HOURLY_WEIGHTS.map((weight, hour) => weight * fractions[hour]!);
  const cumulative: number[] = [];
  weights.reduce((sum, weight, hour) => (cumulative[hour] = sum + weight), 0);
  const total = cumulative[23]!;
  const times = new Array<number>(orders);
  for (let n = 0; n < orders; n++) {
    const pick = random() * total;
    let hour = 0;
    while (hour < 23 && cumulative[hour]! <= pick) hour++;
    times[n] = dayStart + hour * HOUR_MS + Math.floor(random() * fractions[hour]! * HOUR_MS);
  }
  return times.sort((x, y) => x - y);
}

/** Around ¥30, a long tail up to a few thousand; many prices in whole yuan or half yuan, weighed goods to the fen. */
export function sampleAmountFen(random: () => number): number {
  // Box–Muller: a log-normal amount. The float only draws the number; what is stored is integer fen.
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const fen = Math.round(2800 * Math.exp(0.85 * normal));
  const kind = random();
  const rounded = kind < 0.5 ? Math.round(fen / 100) * 100 : kind < 0.7 ? Math.round(fen / 50) * 50 : fen;
  return Math.min(5_000_000, MAX_AMOUNT_FEN, Math.max(1, rounded));
}

const SUBJECTS = ["美式咖啡", "拿铁", "早餐套餐", "牛肉面", "午市套餐", "奶茶 大杯", "水果", "便利店商品", "晚市套餐", "烘焙", "停车费", "洗车", "快餐", "饮料", "零食"];
const TIMEOUTS = [30, 30, 30, 30, 30, 15, 15, 5, 120, 60];
const EMAIL_DOMAINS = ["163.com", "126.com", "qq.com", "gmail.com", "sina.com"];

function digits(random: () => number, count: number): string {
  let out = "";
  for (let left = count; left > 0; left -= 8) {
    const width = Math.min(8, left);
    out += String(Math.floor(random() * 10 ** width)).padStart(width, "0");
  }
  return out;
}

export type Buyer = { buyerId: string; buyerLogonId: string };

/** A 2088… buyer id and its logon id as Alipay shows it to a merchant: a masked phone number or address. */
export function makeBuyer(random: () => number): Buyer {
  const buyerId = `2088${digits(random, 12)}`;
  if (random() < 0.7) return { buyerId, buyerLogonId: `1${3 + Math.floor(random() * 6)}${Math.floor(random() * 10)}****${digits(random, 4)}` };
  const name = Array.from({ length: 3 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join("");
  return { buyerId, buyerLogonId: `${name}***@${EMAIL_DOMAINS[Math.floor(random() * EMAIL_DOMAINS.length)]}` };
}

/** What became of an order, as it will be once settled: the status it is in once its window has passed. */
type Fate = "PAID" | "PARTLY_REFUNDED" | "REFUNDED" | "CLOSED" | "FAILED";

/** Out of 10,000 orders. */
const FATES: [Fate, number][] = [
  ["PAID", 8_050],
  ["PARTLY_REFUNDED", 150],
  ["REFUNDED", 300],
  ["CLOSED", 1_470],
  ["FAILED", 30],
];

function sampleFate(random: () => number): Fate {
  let pick = random() * 10_000;
  for (const [fate, weight] of FATES) {
    if ((pick -= weight) < 0) return fate;
  }
  return "PAID";
}

export type SeedOptions = {
  count: number;
  now: Date;
  /** Seeds the generator (default: random). */
  seed?: number;
  /**
   * The first out_trade_no sequence number: the orders already in the database, so that a second run
   * does not repeat the first one's numbers.
   */
  firstSequence?: number;
  batchSize?: number;
};

/** Regulars come back often (a few thousand of them place a third of the orders); the rest come once or twice. */
class Buyers {
  private readonly regulars: Buyer[];
  private readonly occasional: Buyer[];

  constructor(private readonly random: () => number, count: number) {
    this.regulars = Array.from({ length: Math.max(1, Math.min(3_000, Math.ceil(count / 300))) }, () => makeBuyer(random));
    this.occasional = Array.from({ length: Math.max(1, Math.ceil(count / 3)) }, () => makeBuyer(random));
  }

  pick(): Buyer {
    const pool = this.random() < 0.35 ? this.regulars : this.occasional;
    return pool[Math.floor(this.random() * pool.length)]!;
  }
}

const ID_BYTES = 16;

/** The orders, oldest first, in batches of `batchSize`. */
export function* generateOrders({ count, now, seed = randomBytes(4).readUInt32LE(0), firstSequence = 0, batchSize = 5_000 }: SeedOptions): Generator<SeedOrder[]> {
  if (firstSequence + count > 10 ** 8) throw new RangeError("the out_trade_no sequence would exceed its 8 digits");
  const random = seededRandom(seed);
  const buyers = new Buyers(random, count);
  let sequence = firstSequence;
  let batch: SeedOrder[] = [];
  let ids = Buffer.alloc(0);
  for (const day of planDays(count, now, random)) {
    const date = beijingDate(day.dayStart);
    for (const createdAt of dayTimes(day.dayStart, day.orders, now, random)) {
      if (ids.length < ID_BYTES) ids = randomBytes(ID_BYTES * 4_096);
      const id = ids.subarray(0, ID_BYTES).toString("base64url");
      ids = ids.subarray(ID_BYTES);
      batch.push(makeOrder({ id, sequence: sequence++, date, clock: beijingClock(day.dayStart, createdAt), createdAt, now: now.getTime(), random, buyers }));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** The shop's stores; one order in eight comes from none (sold online). */
const STORES = ["SH001", "SH002", "BJ001", "BJ002", "GZ001", "SZ001", "HZ001"];

/**
 * The store and till of an order, from its number (not from `random`: adding them kept every other
 * generated value as it was). A store has two or three tills.
 */
function shopOf(sequence: number): { storeId: string | null; terminalId: string | null } {
  const hash = Math.imul(sequence + 1, 2654435761) >>> 0;
  const store = STORES[hash % (STORES.length + 1)];
  if (!store) return { storeId: null, terminalId: null };
  return { storeId: store, terminalId: `${store}-T${1 + ((hash >>> 8) % (2 + (store.charCodeAt(4) % 2)))}` };
}

type OrderInput = {
  id: string;
  sequence: number;
  /** The Beijing date (yyyyMMdd) and time (HHmmss) of createdAt, as order and trade numbers start. */
  date: string;
  clock: string;
  createdAt: number;
  now: number;
  random: () => number;
  buyers: Buyers;
};

function makeOrder({ id, sequence, date, clock, createdAt, now, random, buyers }: OrderInput): SeedOrder {
  const created = new Date(createdAt);
  const timeoutMinutes = TIMEOUTS[Math.floor(random() * TIMEOUTS.length)]!;
  const expiresAt = createdAt + timeoutMinutes * 60_000;
  const amountFen = sampleAmountFen(random);
  const number = String(sequence).padStart(8, "0");
  const outTradeNo = `${date}${clock}${number}`;
  const fate = sampleFate(random);
  // A buyer pays within seconds to a few minutes of the QR, always inside the window.
  const paidAt = Math.min(expiresAt - 1_000, createdAt + 5_000 + Math.floor(-Math.log(1 - random()) * 40_000));
  const paid = fate !== "CLOSED" && fate !== "FAILED" && paidAt <= now;
  const closed = fate === "CLOSED" && expiresAt <= now;
  const status: OrderStatus = fate === "FAILED" ? "FAILED" : paid ? (fate === "REFUNDED" ? "REFUNDED" : "PAID") : closed ? "CLOSED" : "PENDING";
  // The trade number is Alipay's, once the buyer scanned: every payer, a third of those who did not pay.
  const scanned = paid || (fate === "CLOSED" && random() < 0.3);
  const buyer = scanned ? buyers.pick() : null;
  const tradeNo = scanned ? `${date}22001${digits(random, 7)}${number}` : null;
  const refundedFen = !paid ? 0 : fate === "REFUNDED" ? amountFen : fate === "PARTLY_REFUNDED" && amountFen > 1 ? 1 + Math.floor(random() * (amountFen - 1)) : 0;
  const refundedAt = refundedFen > 0 ? Math.min(now, paidAt + Math.floor(random() * 3 * DAY_MS)) : 0;
  const closedAt = closed ? Math.min(now, expiresAt + Math.floor(random() * 20_000)) : null;
  // Nothing happened after `now`.
  const settledAt = Math.min(now, Math.max(createdAt + 1_000, paid ? Math.max(paidAt, refundedAt) : (closedAt ?? 0)));
  // A payment after the order was closed here: real money, flagged (lib/orders/apply-fact.ts).
  const anomalies = paid && random() < 0.0005 ? "PAID_AFTER_CLOSE" : "";
  return {
    id,
    outTradeNo,
    alipayOutTradeNo: fate === "FAILED" ? null : outTradeNo,
    amountFen,
    subject: SUBJECTS[Math.floor(random() * SUBJECTS.length)]!,
    body: null,
    returnUrl: null,
    timeoutMinutes,
    requestHash: digits(random, 16),
    status,
    qrCode: fate === "FAILED" ? null : `https://qr.alipay.com/bax0${digits(random, 20)}`,
    expiresAt: new Date(expiresAt),
    tradeNo,
    scanned,
    finished: false,
    buyerId: buyer?.buyerId ?? null,
    buyerLogonId: buyer?.buyerLogonId ?? null,
    paidFen: paid ? amountFen : 0,
    refundedFen,
    refundPendingFen: 0,
    anomalies,
    paidAt: paid ? new Date(paidAt) : null,
    closedAt: closedAt === null ? null : new Date(closedAt),
    ...shopOf(sequence),
    version: status === "PENDING" ? 1 : refundedFen > 0 ? 3 : 2,
    // Open orders are looked at by the worker when their window ends, as create-order.ts schedules them.
    nextCheckAt: status === "PENDING" ? new Date(Math.max(expiresAt, now)) : null,
    checkCount: status === "PENDING" ? 0 : 1,
    lastCheckAt: status === "PENDING" ? null : new Date(settledAt),
    leaseOwner: null,
    leaseUntil: null,
    createdAt: created,
    updatedAt: new Date(status === "PENDING" ? Math.min(now, createdAt + 1_000) : settledAt),
  };
}
