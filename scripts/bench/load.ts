// The load generator of the intake benchmark: node:http on kept-alive sockets (far cheaper per request
// than fetch, so the client takes less of the shared cores), a closed loop of N connections for the
// maximum sustained rate, and an open loop at a fixed offered rate whose latencies are measured from
// each request's scheduled send time, so that queueing in the server is not hidden by a client that
// waits (coordinated omission).
import { Agent, request } from "node:http";

export type Reply = { status: number; text: string };

/** One POST; resolves with the status and the body text, rejects on a network error. */
export function post(agent: Agent, url: string, body: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/** Runs `work` with its own kept-alive agent, destroyed afterwards. */
export async function withAgent<T>(maxSockets: number, work: (agent: Agent) => Promise<T>): Promise<T> {
  const agent = keepAliveAgent(maxSockets);
  try {
    return await work(agent);
  } finally {
    agent.destroy();
  }
}

/** One unit of work: true when the answer proves the work was done; null when there is nothing left to send. */
export type Job = () => Promise<boolean> | null;

export type ClosedLoopResult = {
  /** Good answers per second within the measured window. */
  rate: number;
  /** Good answers within the measured window. */
  count: number;
  /** Every answer (and network error) of the whole run, warm-up included: the divisor of a per-request cost. */
  requests: number;
  /** Bad answers (and network errors) during the whole run, warm-up included. */
  errors: number;
  firstError: string | null;
  /** The measured window, in seconds (shorter than asked when the jobs ran out). */
  seconds: number;
  exhausted: boolean;
  /** How much `meter` grew during the measured window (NaN without a meter). */
  metered: number;
};

export type ClosedLoopOptions = {
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  /** A counter read when the measured window opens and closes, e.g. the server's CPU seconds. */
  meter?: () => number;
};

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `concurrency` workers send back to back for `warmupSeconds + seconds`; the good answers that complete
 * in the last `seconds` are counted. Stops early (and says so) when `next` runs out of jobs.
 */
export async function runClosedLoop(next: Job, options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const start = performance.now();
  const measureFrom = start + options.warmupSeconds * 1000;
  const end = measureFrom + options.seconds * 1000;
  let count = 0;
  let requests = 0;
  let errors = 0;
  let firstError: string | null = null;
  let exhausted = false;
  let lastDone = measureFrom;
  const fail = (message: string) => {
    errors++;
    firstError ??= message;
  };
  const worker = async () => {
    while (performance.now() < end) {
      const job = next();
      if (job === null) {
        exhausted = true;
        return;
      }
      try {
        const ok = await job;
        requests++;
        const now = performance.now();
        if (!ok) fail("an answer did not prove the work was done");
        else if (now >= measureFrom && now <= end) {
          count++;
          lastDone = now;
        }
      } catch (error) {
        requests++;
        fail(errorText(error));
      }
    }
  };
  const meter = options.meter ?? (() => Number.NaN);
  let meterStart = Number.NaN;
  let meterEnd = Number.NaN;
  const opens = setTimeout(() => (meterStart = meter()), options.warmupSeconds * 1000);
  const closes = setTimeout(() => (meterEnd = meter()), (options.warmupSeconds + options.seconds) * 1000);
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  clearTimeout(opens);
  clearTimeout(closes);
  if (Number.isNaN(meterEnd)) meterEnd = meter();
  const seconds = exhausted ? Math.max(0.001, (lastDone - measureFrom) / 1000) : options.seconds;
  return { rate: count / seconds, count, requests, errors, firstError, seconds, exhausted, metered: meterEnd - meterStart };
}

export type OpenLoopResult = {
  offered: number;
  /** Answers per second from the first measured send to the last answer: below `offered` when the server fell behind. */
  achieved: number;
  /** Latencies of the measured window's requests, from their scheduled send time, in ms, sorted. */
  latencies: number[];
  /** The same latencies in the order the requests were due (NaN for a request that got no answer at all). */
  sequence: number[];
  requests: number;
  errors: number;
  firstError: string | null;
  exhausted: boolean;
};

/**
 * Sends at `rate` per second whatever the answers do, for `warmupSeconds + seconds`; each latency runs
 * from the moment the request was due, not from when it went out.
 */
export async function runOpenLoop(next: Job, options: { rate: number; warmupSeconds: number; seconds: number }): Promise<OpenLoopResult> {
  const interval = 1000 / options.rate;
  const total = Math.round((options.warmupSeconds + options.seconds) * options.rate);
  const warmupCount = Math.round(options.warmupSeconds * options.rate);
  const sequence: number[] = [];
  let answered = 0;
  const pending: Promise<void>[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let exhausted = false;
  let lastAnswer = 0;
  const start = performance.now();
  const send = (index: number, due: number): boolean => {
    const job = next();
    if (job === null) return false;
    pending.push(
      Promise.resolve(job).then(
        (ok) => {
          if (!ok) {
            errors++;
            firstError ??= "an answer did not prove the work was done";
          }
          lastAnswer = performance.now();
          if (index >= warmupCount) {
            sequence[index - warmupCount] = lastAnswer - due;
            answered++;
          }
        },
        (error: unknown) => {
          errors++;
          firstError ??= errorText(error);
        },
      ),
    );
    return true;
  };
  let sent = 0;
  while (sent < total && !exhausted) {
    const now = performance.now();
    while (sent < total && start + sent * interval <= now) {
      if (!send(sent, start + sent * interval)) {
        exhausted = true;
        break;
      }
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  const measuredFrom = start + warmupCount * interval;
  const achieved = answered / Math.max(0.001, (lastAnswer - measuredFrom) / 1000);
  const measured = Array.from({ length: Math.max(0, pending.length - warmupCount) }, (_, i) => sequence[i] ?? Number.NaN);
  return {
    offered: options.rate,
    achieved,
    latencies: measured.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b),
    sequence: measured,
    requests: pending.length,
    errors,
    firstError,
    exhausted,
  };
}

/**
 * The highest p-th percentile over consecutive windows of `seconds` of the open loop's sends (a short
 * window shows a stall that the whole phase's percentile averages away). NaN when the phase is shorter.
 */
export function worstWindowPercentile(result: OpenLoopResult, seconds: number, p: number): number {
  const size = Math.round(result.offered * seconds);
  let worst = Number.NaN;
  for (let start = 0; size > 0 && start + size <= result.sequence.length; start += size) {
    const window = result.sequence.slice(start, start + size).filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
    const value = percentile(window, p);
    if (!Number.isNaN(value) && !(value <= worst)) worst = value;
  }
  return worst;
}

/** The p-th percentile (0–100) of sorted values, nearest rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
