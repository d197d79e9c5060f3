// A worker thread that reads one trade bill (read-trade-bill.ts) and posts its rows in batches
// (bill-batch.ts) to the thread that started it (read-in-worker.ts). Reading a bill is CPU work and
// most of its allocations die young: here they do so on another core and in another heap, while the
// starting thread stores the batches already read.
//
// Messages posted: {type:"batch", batch} (its typed arrays transferred), then {type:"end", summary}, or
// {type:"refused", problem, line, reason} for a bill that is not good, or {type:"failed", message}.
// At most `window` batches are unanswered at a time: the starting thread answers each with "next" once
// stored, so a large bill never piles up in memory faster than it is stored.
import { parentPort, workerData } from "node:worker_threads";
import { BatchBuilder, batchBuffers, packBatch } from "./bill-batch";
import { BillFormatError } from "./bill-error";
import { readTradeBill } from "./read-trade-bill";

export type BillWorkerData = { bytes: Uint8Array; batchRows: number; window: number };

export type BillWorkerMessage =
  | { type: "batch"; batch: import("./bill-batch").PackedBatch }
  | { type: "end"; summary: import("./detail-parser").TradeBillSummary }
  | { type: "refused"; problem: BillFormatError["problem"]; line: number | null; reason: string }
  | { type: "failed"; message: string };

async function main(port: NonNullable<typeof parentPort>, data: BillWorkerData): Promise<void> {
  let unanswered = 0;
  let wake: (() => void) | null = null;
  port.on("message", () => {
    unanswered -= 1;
    wake?.();
    wake = null;
  });
  const builder = new BatchBuilder(data.batchRows);
  const post = async () => {
    const batch = packBatch(builder.take());
    port.postMessage({ type: "batch", batch } satisfies BillWorkerMessage, batchBuffers(batch));
    unanswered += 1;
    while (unanswered >= data.window) await new Promise<void>((resolve) => (wake = resolve));
  };
  try {
    const bytes = Buffer.from(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength);
    const summary = await readTradeBill(bytes, (row) => {
      builder.push(row);
      return builder.full ? post() : undefined;
    });
    if (builder.size > 0) await post();
    port.postMessage({ type: "end", summary } satisfies BillWorkerMessage);
  } catch (error) {
    if (error instanceof BillFormatError) port.postMessage({ type: "refused", problem: error.problem, line: error.line, reason: error.reason } satisfies BillWorkerMessage);
    else port.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) } satisfies BillWorkerMessage);
  }
  port.close();
}

if (parentPort) void main(parentPort, workerData as BillWorkerData);
