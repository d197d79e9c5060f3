// The app's worker: started by instrumentation.ts, stopped with the process. Without a valid Alipay
// configuration there is nothing it can do; it says so once and stays off.
import "server-only";
import { ConfigError } from "@/lib/env";
import { log } from "@/lib/log";
import { getPayments } from "@/lib/payments/context";
import { type Worker, startWorker } from "./worker";

const globalForWorker = globalThis as typeof globalThis & { consoleWorker?: Worker };

export function startAppWorker(): Worker | null {
  if (globalForWorker.consoleWorker) return globalForWorker.consoleWorker;
  let ctx;
  try {
    ctx = getPayments();
  } catch (error) {
    if (error instanceof ConfigError) {
      log.warn("worker.not_started", { reason: "the Alipay configuration is not valid", problems: error.problems });
      return null;
    }
    throw error;
  }
  const interval = Number(process.env.WORKER_INTERVAL_MS ?? 2_000);
  const worker = startWorker(ctx, Number.isFinite(interval) && interval >= 100 ? interval : 2_000);
  globalForWorker.consoleWorker = worker;
  ctx.wake = () => void worker.poke();
  log.info("worker.started", { owner: worker.owner, intervalMs: interval });
  const stop = () => void worker.stop();
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return worker;
}
