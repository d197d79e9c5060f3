// Reads a trade bill on a worker thread (bill-worker.ts) and hands its rows here in batches, so that the
// caller stores one batch while the next is being read on another core. Same rows, same refusals, same
// summary as readTradeBill in this thread (read-in-worker.test.ts holds them to that).
//
// The worker is bundled by Next (`new Worker(new URL(…, import.meta.url))`). Run from the TypeScript
// sources instead (tsx, vitest), its .ts entry is loaded through tsx's require hook, registered in the worker.
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type BillBatch, unpackBatch } from "./bill-batch";
import { BillFormatError } from "./bill-error";
import type { BillWorkerData, BillWorkerMessage } from "./bill-worker";
import type { TradeBillSummary } from "./detail-parser";

/** Rows per batch, and batches read ahead of the one being stored (enough to go on while the orders are read). */
const BATCH_ROWS = 500;
const WINDOW = 64;
/**
 * The worker's young generation: V8's default lets it grow to tens of MB, which the worker's peak memory
 * then keeps. Reading a bill allocates much and keeps little.
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 16 };

function startWorker(data: BillWorkerData): Worker {
  // Next sets NEXT_RUNTIME in what it builds (its import.meta.url still names the .ts source).
  if (!process.env.NEXT_RUNTIME) {
    const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "bill-worker.ts");
    // tsx's CommonJS hook transforms in the worker's own thread; its ESM hooks would start a loader thread (+0.25 s).
    const tsx = createRequire(import.meta.url).resolve("tsx/cjs/api");
    const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
    return new Worker(boot, { eval: true, workerData: data, resourceLimits: RESOURCE_LIMITS });
  }
  return new Worker(new URL("./bill-worker.ts", import.meta.url), { workerData: data, resourceLimits: RESOURCE_LIMITS });
}

export type ReadOptions = {
  batchRows?: number;
  window?: number;
  /** Called as each batch arrives from the reader, before the ones ahead of it are stored. */
  arrived?: (rows: number) => void;
};

/**
 * Reads the bill in `bytes`, calling `onBatch` for each batch of rows in order, one at a time (awaited).
 * Resolves with the summary once the file's totals agree with its rows and every row was handed on;
 * rejects with a BillFormatError for a bill that is not good, with `onBatch`'s own error (the reading then
 * stops), or with the reader's failure. It never settles while an `onBatch` is still running.
 */
export function readTradeBillInWorker(bytes: Uint8Array, onBatch: (batch: BillBatch) => void | Promise<void>, options: ReadOptions = {}): Promise<TradeBillSummary> {
  const worker = startWorker({ bytes, batchRows: options.batchRows ?? BATCH_ROWS, window: options.window ?? WINDOW });
  return new Promise<TradeBillSummary>((resolve, reject) => {
    let settled = false;
    let handed = 0;
    let queue: Promise<void> = Promise.resolve();
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      outcome();
    };
    const fail = (error: unknown) => finish(() => reject(error));
    /** After what is queued: a batch being stored is stored (or fails) before anything else is decided. */
    const then = (step: () => void | Promise<void>) => {
      queue = queue.then(step);
      queue.catch(fail);
    };
    worker.on("message", (message: BillWorkerMessage) => {
      if (message.type === "batch") options.arrived?.(message.batch.size);
      then(async () => {
        if (settled) return;
        if (message.type === "batch") {
          const batch = unpackBatch(message.batch);
          await onBatch(batch);
          handed += batch.size;
          worker.postMessage("next");
        } else if (message.type === "end") {
          if (handed !== message.summary.rows) fail(new Error(`the bill's reader handed on ${handed} rows of ${message.summary.rows}`));
          else finish(() => resolve(message.summary));
        } else if (message.type === "refused") fail(new BillFormatError(message.problem, message.line, message.reason));
        else fail(new Error(`reading the bill failed: ${message.message}`));
      });
    });
    worker.on("error", (error) => then(() => fail(error)));
    // After the messages it posted (Node hands them on first): an exit before "end" is a reader that died.
    worker.on("exit", (code) => then(() => fail(new Error(`the bill's reader stopped (exit code ${code}) before the end of the bill`))));
  });
}
