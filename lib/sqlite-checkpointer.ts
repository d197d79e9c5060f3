// SQLite WAL checkpoints off the event loop. better-sqlite3 is synchronous: the checkpoint SQLite runs
// by itself (every 1000 WAL pages, inside the commit that crosses the line) copies the WAL into the
// database file and fsyncs it on the main thread, and every request waits meanwhile: 13–16 ms per
// checkpoint of ~1,400 frames here, every 200-odd notifications. A worker thread with a connection of its own checkpoints instead, a few
// times a second (PASSIVE: it never blocks a writer); the app's connection keeps a far threshold as a
// backstop should the worker ever stop.
import "server-only";
import { Worker } from "node:worker_threads";
import type BetterSqlite3 from "better-sqlite3";

/** The app connection's own threshold, in pages (4 KiB): reached only if the worker stops. */
export const BACKSTOP_CHECKPOINT_PAGES = 10_000;
const INTERVAL_MS = 250;

// Plain CommonJS, evaluated in the worker: it resolves better-sqlite3 as the app does (serverExternalPackages).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const db = new Database(workerData.file);
db.pragma("busy_timeout = 1000");
const tick = () => {
  try {
    const [result] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ ok: true, result });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error && error.message || error) });
  }
};
setInterval(tick, workerData.intervalMs);
parentPort.on("message", (message) => { if (message === "now") tick(); });
`;

export type CheckpointResult = { busy: number; log: number; checkpointed: number };

export type Checkpointer = {
  /** Runs a checkpoint now; resolves with what it did. */
  now(): Promise<CheckpointResult>;
  stop(): Promise<void>;
};

/** Starts checkpointing `file` in the background; `database` is the app's connection to it. */
export function startCheckpointer(file: string, database: BetterSqlite3.Database, onError: (message: string) => void = () => {}): Checkpointer {
  database.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs: INTERVAL_MS } });
  // It must never keep the process alive, nor take it down.
  worker.unref();
  worker.on("error", (error) => onError(error.message));
  const waiting: { resolve: (result: CheckpointResult) => void; reject: (error: Error) => void }[] = [];
  let stopping = false;
  let gone = false;
  worker.on("message", (message: { ok: boolean; result?: CheckpointResult; error?: string }) => {
    if (!message.ok) onError(message.error ?? "checkpoint failed");
    if (message.result) waiting.splice(0).forEach(({ resolve }) => resolve(message.result!));
  });
  worker.on("exit", () => {
    gone = true;
    waiting.splice(0).forEach(({ reject }) => reject(new Error("the checkpointer stopped")));
    if (stopping) return;
    // It died (it could not load better-sqlite3, say): SQLite checkpoints by itself again.
    onError("the checkpointer stopped: SQLite checkpoints in the app's commits again");
    try {
      database.pragma("wal_autocheckpoint = 1000");
    } catch {
      // the connection is closed already
    }
  });
  return {
    now: () =>
      new Promise((resolve, reject) => {
        if (gone) return reject(new Error("the checkpointer stopped"));
        waiting.push({ resolve, reject });
        worker.postMessage("now");
      }),
    stop: async () => {
      stopping = true;
      await worker.terminate();
    },
  };
}
