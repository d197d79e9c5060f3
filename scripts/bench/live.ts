// One database's run of the live benchmark against the whole stack (scripts/stack.ts): orders created
// through the API, then paid with signed TRADE_SUCCESS notifications at a fixed offered rate in four
// phases: with no stream open (the intake alone), with one (the feed without fan-out), with N, and with
// none again (the machine's speed drifts: the fan-out is bracketed by the intake alone). Each phase's
// streams are opened at the feed's head (?since=) before its first notification, so every change the
// phase makes is owed to every stream.
import type { KeyObject } from "node:crypto";
import { loadavg } from "node:os";
import { createDb } from "@/lib/db";
import { formatCursor } from "@/lib/events/cursor";
import { feedHead } from "@/lib/events/feed";
import type { Stack } from "../stack";
import { type OrderPool, createOrders, signUnused } from "./intake";
import { type DeliveryFigures, type Sends, deliveryFigures } from "./live-figures";
import { startStreamReader } from "./live-reader";
import { type Job, type OpenLoopResult, runOpenLoop, withAgent } from "./load";
import { type Merchant, postNotification } from "./notifications";
import { type MemoryFigures, cpuSeconds, sampleMemory } from "./proc";

export type LiveOptions = {
  databaseUrl: string;
  appPid: number;
  merchant: Merchant;
  alipayPrivateKey: KeyObject;
  /** Session cookies, taken in turn by the streams. */
  cookies: string[];
  streams: number;
  rate: number;
  warmupSeconds: number;
  seconds: number;
  /** Writes out what the phases so far left behind (databases.ts settle), before each phase. */
  settle: () => Promise<void>;
};

type Timing = { rate: number; warmupSeconds: number; seconds: number };

export type PhaseFigures = {
  streams: number;
  /** The POSTs' latencies from their scheduled send: the intake's own. */
  post: OpenLoopResult;
  delivery: DeliveryFigures | null;
  memory: MemoryFigures;
  /** App CPU per notification (ms), and its share of one core over the phase; the reader's share. */
  appCpuMs: number;
  appCores: number;
  readerCores: number | null;
  /** From the first send to the last answer. */
  seconds: number;
  /** The machine's 1-minute load average as the phase began and ended. */
  load: [number, number];
  /** When the notifications not answered `success` were sent, in seconds into the phase. */
  failedAt: number[];
};

export type LiveFigures = { alone: PhaseFigures; one: PhaseFigures; fanOut: PhaseFigures; aloneAfter: PhaseFigures };

/** Once the last POST is answered, the streams get this long to deliver what they owe. */
const DRAIN_MS = 15_000;
const ORDER_CONCURRENCY = 16;

async function runPhase(stack: Stack, options: LiveOptions, pool: OrderPool, streams: number, timing: Timing): Promise<PhaseFigures> {
  const count = Math.round(timing.rate * (timing.warmupSeconds + timing.seconds));
  const trades = pool.created.slice(pool.used, pool.used + count);
  if (trades.length < count) throw new Error(`a phase needs ${count} unpaid orders, ${trades.length} are left`);
  const bodies = signUnused(pool, options).slice(0, count);
  pool.used += count;
  await options.settle();
  const memory = sampleMemory(options.appPid);
  const reader = streams > 0 ? startStreamReader() : null;
  try {
    if (reader) {
      const db = createDb(options.databaseUrl);
      const since = formatCursor(await feedHead(db).finally(() => db.$disconnect()));
      const failures = await reader.open({ url: `${stack.appUrl}/api/events?since=${since}`, cookies: options.cookies, count: streams, outTradeNos: trades.map((trade) => trade.outTradeNo) });
      if (failures.length > 0) throw new Error(`${failures.length} of ${streams} streams did not open: ${failures.slice(0, 3).join("; ")}`);
    }
    const load: [number, number] = [loadavg()[0]!, Number.NaN];
    const [appCpu, readerCpu, started] = [cpuSeconds(options.appPid), reader ? cpuSeconds(reader.pid) : 0, performance.now()];
    const sends: Sends = { sentAt: new Float64Array(count).fill(Number.NaN), ok: Array.from({ length: count }, () => false), measuredFrom: Math.round(timing.rate * timing.warmupSeconds) };
    const post = await withAgent(1024, (agent) => {
      let next = 0;
      const job: Job = () => {
        if (next >= count) return null;
        const i = next++;
        sends.sentAt[i] = Date.now();
        return postNotification(agent, `${stack.appUrl}/api/alipay/notify`, bodies[i]!).then((ok) => (sends.ok[i] = ok));
      };
      return runOpenLoop(job, timing);
    });
    // The CPU over the sends (to their last answer), not over the wait for what a stream may never get.
    const seconds = (performance.now() - started) / 1000;
    const appSpent = cpuSeconds(options.appPid) - appCpu;
    const readerCores = reader ? (cpuSeconds(reader.pid) - readerCpu) / seconds : null;
    load[1] = loadavg()[0]!;
    await reader?.drain(2 * streams * sends.ok.filter(Boolean).length, DRAIN_MS);
    const delivery = reader ? deliveryFigures(await reader.close(), sends) : null;
    const failedAt = sends.ok.flatMap((ok, i) => (ok ? [] : [i / timing.rate]));
    return { streams, post, delivery, memory: memory.stop(), appCpuMs: (appSpent * 1000) / count, appCores: appSpent / seconds, readerCores, seconds, load, failedAt };
  } finally {
    memory.stop();
    reader?.kill();
  }
}

export async function benchLive(stack: Stack, options: LiveOptions, progress: (line: string) => void): Promise<LiveFigures> {
  const pool: OrderPool = { prefix: `BL${Date.now().toString(36)}`, issued: 0, created: [], used: 0 };
  const timing: Timing = { rate: options.rate, warmupSeconds: options.warmupSeconds, seconds: options.seconds };
  const perPhase = Math.round(options.rate * (options.warmupSeconds + options.seconds));
  const warmup: Timing = { rate: 20, warmupSeconds: 0, seconds: 2 };
  const needed = 4 * perPhase + warmup.rate * warmup.seconds;
  progress(`creating ${needed} orders through POST /api/v1/orders`);
  await createOrders(stack, pool, { concurrency: ORDER_CONCURRENCY, topUpSeconds: 600 }, { count: needed });
  // A fresh server loads and compiles each route on its first requests: that is not what is measured.
  progress("warming up: the notify route and two streams");
  await runPhase(stack, options, pool, 2, warmup);
  progress(`the intake alone: ${options.rate}/s, no stream`);
  const alone = await runPhase(stack, options, pool, 0, timing);
  progress(`one stream: ${options.rate}/s`);
  const one = await runPhase(stack, options, pool, 1, timing);
  progress(`${options.streams} streams: ${options.rate}/s`);
  const fanOut = await runPhase(stack, options, pool, options.streams, timing);
  progress(`the intake alone again: ${options.rate}/s, no stream`);
  const aloneAfter = await runPhase(stack, options, pool, 0, timing);
  return { alone, one, fanOut, aloneAfter };
}
