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
  type AttemptOutcome,
  type AttemptRow,
  type NotificationRow,
} from "../store/notifications";
import { buildAttemptBody } from "./sign-attempt";

/** Gaps after the 1st, 2nd, … failed try: 4m, 10m, 10m, 1h, 2h, 6h, 15h; eight tries in all. */
export const RETRY_GAPS_SECONDS = [240, 600, 600, 3600, 7200, 21_600, 54_000] as const;
export const MAX_ATTEMPTS = RETRY_GAPS_SECONDS.length + 1;
const MAX_STORED_RESPONSE = 2048;
const IDLE_TICK_MS = 500;
const SWEEP_EVERY_MS = 1000;

export type Notifier = { wake(): void; stop(): Promise<void>; idle(): Promise<void> };

type CopyResult = { outcome: AttemptOutcome; httpStatus: number | null; body: string | null; error: string | null; latencyMs: number };

async function post(url: string, body: string, charset: string, timeoutMs: number): Promise<CopyResult> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": `application/x-www-form-urlencoded; charset=${charset}`, "user-agent": "Mozilla/4.0 (sandbox notify)" },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    const text = await response.text();
    const outcome = response.status === 200 && text === "success" ? "ACKED" : "REJECTED";
    return { outcome, httpStatus: response.status, body: text.slice(0, MAX_STORED_RESPONSE), error: null, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const reason = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = reason?.code ?? reason?.message;
    const message = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `${(error as Error).message}${detail ? ` (${detail})` : ""}`;
    return { outcome: "ERROR", httpStatus: null, body: null, error: message, latencyMs: Math.round(performance.now() - started) };
  }
}

async function deliver(ctx: SandboxContext, row: NotificationRow): Promise<void> {
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
      const result = await post(row.notify_url, body, row.charset, ctx.config.notifyTimeoutMs);
      copies.push({ ...attempt, copy, latency_ms: result.latencyMs, http_status: result.httpStatus, response_body: result.body, error: result.error, outcome: result.outcome });
    }
  }
  const acked = copies.some((c) => c.outcome === "ACKED");
  const now = ctx.clock.now();
  const gap = RETRY_GAPS_SECONDS[attemptNo - 1];
  const exhausted = !acked && (attemptNo >= MAX_ATTEMPTS || gap === undefined);
  // One transaction for what the attempt changed: its rows, the notification, the ones it releases.
  const released = ctx.db.transaction(() => {
    for (const copy of copies) recordAttempt(ctx.db, copy);
    finishAttempt(ctx.db, row.id, {
      attempts: attemptNo,
      status: acked ? "DELIVERED" : exhausted ? "FAILED" : "PENDING",
      nextAttemptAt: acked || exhausted ? null : now + Math.round((gap! * 1000) / ctx.config.timeScale),
      deliveredAt: acked ? now : null,
    });
    return row.attempts === 0 ? releaseHeld(ctx.db, row.trade_no, row.id, now) : 0;
  })();
  ctx.log.info("sandbox.notify.attempt", { outTradeNo: row.out_trade_no, notifyId: row.notify_id, attempt: attemptNo, acked, exhausted });
  if (released > 0) ctx.wake();
}

export function startNotifier(ctx: SandboxContext): Notifier {
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let scheduled = false;
  let stopped = false;
  let sweptAt = -Infinity;
  recoverSending(ctx.db);
  let sweptOffset = ctx.clock.offsetMs();

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
      const free = ctx.config.notifyConcurrency - inFlight.size;
      for (const row of free > 0 ? claimDue(ctx.db, now, free) : []) {
        const job = deliver(ctx, row)
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
    const due = nextDueAt(ctx.db);
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
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
