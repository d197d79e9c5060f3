// Delivers notifications: POSTs each to the trade's notify_url until the merchant answers exactly
// `success`, retrying on Alipay's schedule (alipay-protocol.md §4.1) compressed by the time scale.
// Every attempt is kept with its status, response body and latency.
import type { SandboxContext } from "../context";
import { expireTrades } from "../trades/lifecycle";
import {
  claimDue,
  recoverSending,
  finishAttempt,
  nextDueAt,
  recordAttempt,
  releaseHeld,
  type AttemptRow,
  type NotificationRow,
} from "../store/notifications";
import { createPoster, type Poster } from "./post";
import { buildAttemptBody } from "./sign-attempt";

/** Gaps after the 1st, 2nd, … failed try: 4m, 10m, 10m, 1h, 2h, 6h, 15h; eight tries in all. */
export const RETRY_GAPS_SECONDS = [240, 600, 600, 3600, 7200, 21_600, 54_000] as const;
export const MAX_ATTEMPTS = RETRY_GAPS_SECONDS.length + 1;
const IDLE_TICK_MS = 500;
const SWEEP_EVERY_MS = 1000;

export type Notifier = { wake(): void; stop(): Promise<void>; idle(): Promise<void> };

type Writes = { commit(write: () => number): Promise<void> };

/**
 * Batches what attempts changed into one transaction per turn of the event loop: with many
 * deliveries in flight, one commit per attempt would cost more than the attempts themselves.
 */
function createWrites(ctx: SandboxContext): Writes {
  let queue: Array<{ write: () => number; done: () => void; failed: (error: unknown) => void }> = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    try {
      const released = ctx.db.transaction(() => batch.reduce((sum, item) => sum + item.write(), 0))();
      for (const item of batch) item.done();
      if (released > 0) ctx.wake();
    } catch (error) {
      for (const item of batch) item.failed(error);
    }
  };
  return {
    commit: (write) =>
      new Promise<void>((done, failed) => {
        if (queue.push({ write, done, failed }) === 1) setImmediate(flush);
      }),
  };
}

async function deliver(ctx: SandboxContext, row: NotificationRow, poster: Poster, writes: Writes): Promise<void> {
  const attemptNo = row.attempts + 1;
  const startedAt = ctx.clock.now();
  const body = await buildAttemptBody(ctx, row, startedAt);
  const attempt = { notification_id: row.id, attempt_no: attemptNo, started_at: startedAt, request_body: body };
  const copies: Array<Omit<AttemptRow, "id">> = [];
  if (attemptNo <= row.drop_attempts) {
    copies.push({ ...attempt, copy: 0, latency_ms: null, http_status: null, response_body: null, error: "lost in transit (fault: drop)", outcome: "DROPPED" });
  } else {
    const count = 1 + (attemptNo === 1 ? row.extra_copies : 0);
    for (let copy = 0; copy < count; copy++) {
      const result = await poster.post(row.notify_url, body, row.charset, ctx.config.notifyTimeoutMs);
      copies.push({ ...attempt, copy, latency_ms: result.latencyMs, http_status: result.httpStatus, response_body: result.body, error: result.error, outcome: result.outcome });
    }
  }
  const acked = copies.some((c) => c.outcome === "ACKED");
  const now = ctx.clock.now();
  const gap = RETRY_GAPS_SECONDS[attemptNo - 1];
  const exhausted = !acked && (attemptNo >= MAX_ATTEMPTS || gap === undefined);
  await writes.commit(() => {
    for (const copy of copies) recordAttempt(ctx.db, copy);
    finishAttempt(ctx.db, row.id, {
      attempts: attemptNo,
      status: acked ? "DELIVERED" : exhausted ? "FAILED" : "PENDING",
      nextAttemptAt: acked || exhausted ? null : now + Math.round((gap! * 1000) / ctx.config.timeScale),
      deliveredAt: acked ? now : null,
    });
    return row.attempts === 0 ? releaseHeld(ctx.db, row.trade_no, row.id, now) : 0;
  });
  ctx.log.info("sandbox.notify.attempt", { outTradeNo: row.out_trade_no, notifyId: row.notify_id, attempt: attemptNo, acked, exhausted });
}

export function startNotifier(ctx: SandboxContext): Notifier {
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let scheduled = false;
  let stopped = false;
  let sweptAt = -Infinity;
  const poster = createPoster(ctx.config.notifyConcurrency);
  const writes = createWrites(ctx);
  recoverSending(ctx.db);
  let sweptOffset = ctx.clock.offsetMs();
  const concurrency = ctx.config.notifyConcurrency;
  // Claiming is a transaction: under load, claim for several finished deliveries at once.
  const claimBatch = Math.max(1, Math.min(8, Math.floor(concurrency / 4)));

  const tick = () => {
    scheduled = false;
    if (stopped) return;
    clearTimeout(timer);
    const now = ctx.clock.now();
    try {
      // Expiry is a scan: run it once a second, and at once when the clock was moved.
      if (Date.now() - sweptAt >= SWEEP_EVERY_MS || ctx.clock.offsetMs() !== sweptOffset) {
        expireTrades(ctx);
        sweptAt = Date.now();
        sweptOffset = ctx.clock.offsetMs();
      }
      const free = concurrency - inFlight.size;
      for (const row of free >= claimBatch || inFlight.size === 0 ? claimDue(ctx.db, now, free) : []) {
        const job = deliver(ctx, row, poster, writes)
          .catch((error) => ctx.log.error("sandbox.notify.failed", { notifyId: row.notify_id, error }))
          .finally(() => {
            inFlight.delete(job);
            wake();
          });
        inFlight.add(job);
      }
    } catch (error) {
      ctx.log.error("sandbox.notifier.tick_failed", { error });
    }
    // While deliveries are in flight their completions wake the loop; the timer is for what is due later.
    const due = inFlight.size === 0 ? nextDueAt(ctx.db) : null;
    const wait = due === null ? IDLE_TICK_MS : Math.max(0, Math.min(IDLE_TICK_MS, due - ctx.clock.now()));
    timer = setTimeout(tick, wait);
  };
  const wake = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(tick);
  };
  wake();
  return {
    wake,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
      poster.close();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
