// The bill read on a worker thread must be the bill read here: the same rows, field for field, across
// many batches; the same refusal, naming the same line; and a store that fails stops the reading.
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { buildTradeBill } from "@/sandbox/bill/build-trade-bill";
import { beijing, coffee, coffeeRefund, dayInput, lateNight, tea } from "@/sandbox/bill/test-support/fixtures";
import { openBill } from "@/sandbox/bill/test-support/open-bill";
import type { BillRow, TradeBillInput } from "@/sandbox/bill/types";
import { writeZip } from "@/sandbox/bill/zip";
import { type BillBatch, batchRow } from "./bill-batch";
import { BillFormatError, readTradeBill, type TradeBillRow } from "./read-trade-bill";
import { readTradeBillInWorker } from "./read-in-worker";

/** A day of `count` rows cycling through the fixtures' shapes: quotes, commas, Chinese, empty columns, refunds. */
function bigInput(count: number): TradeBillInput {
  const shapes: BillRow[] = [coffee, coffeeRefund, tea, lateNight];
  const rows = Array.from({ length: count }, (_, i): BillRow => {
    const shape = shapes[i % shapes.length]!;
    const n = String(i).padStart(8, "0");
    return {
      ...shape,
      tradeNo: `20240315220014${n}000000`,
      outTradeNo: `O${n}`,
      subject: i % 7 === 0 ? `第${i}杯, "特大"\n加冰` : shape.subject,
      finishedAt: beijing(`${String(Math.floor(i / 3600) % 24).padStart(2, "0")}:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`),
      ...(shape.kind === "REFUND" ? { outRequestNo: `R${n}` } : {}),
    };
  });
  return { ...dayInput, rows };
}

const bigDay = (count: number) => buildTradeBill(bigInput(count)).zip;

async function inWorker(bytes: Buffer, onBatch: (batch: BillBatch) => void | Promise<void> = () => {}) {
  const rows: TradeBillRow[] = [];
  const summary = await readTradeBillInWorker(bytes, async (batch) => {
    for (let i = 0; i < batch.size; i++) rows.push(batchRow(batch, i));
    await onBatch(batch);
  });
  return { rows, summary };
}

/** Whether `reading` is still pending. */
async function stillPending(reading: Promise<unknown>): Promise<boolean> {
  const pending = Symbol("pending");
  return (await Promise.race([reading.then(() => "done"), Promise.resolve(pending)])) === pending;
}

async function here(bytes: Buffer) {
  const rows: TradeBillRow[] = [];
  const summary = await readTradeBill(bytes, (row) => void rows.push(row));
  return { rows, summary };
}

async function refusalOf(promise: Promise<unknown>): Promise<BillFormatError> {
  const error = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(error instanceof BillFormatError)) throw new Error(`expected a BillFormatError, got ${String(error)}`);
  return error;
}

describe("readTradeBillInWorker", () => {
  it("hands over every row of a bill of many batches exactly as the reader makes them, in order", async () => {
    const bytes = bigDay(2_345);
    const [worker, local] = await Promise.all([inWorker(bytes), here(bytes)]);
    expect(local.rows).toHaveLength(2_345);
    expect(worker.rows).toEqual(local.rows);
    expect(worker.summary).toEqual(local.summary);
  });

  it("reads no further ahead than its window while a batch is being stored, and hands them one at a time", async () => {
    const bytes = bigDay(3_000);
    let storing = 0;
    let most = 0;
    let release: (() => void) | null = null;
    let arrived = 0;
    const handed: number[] = [];
    const reading = readTradeBillInWorker(
      bytes,
      async (batch) => {
        storing += 1;
        most = Math.max(most, storing);
        handed.push(batch.line[0]!);
        // The first batch is held: the reader may read two more (its window), then must wait.
        if (handed.length === 1) await new Promise<void>((resolve) => (release = resolve));
        storing -= 1;
      },
      { batchRows: 100, window: 2, arrived: () => void (arrived += 1) },
    );
    // Time for the reader to read the whole bill (30 batches), were it not held back.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(handed).toHaveLength(1);
    expect(arrived).toBe(2);
    expect(await stillPending(reading)).toBe(true);
    release!();
    const summary = await reading;
    expect(handed).toHaveLength(30);
    expect(most).toBe(1);
    expect(summary.rows).toBe(3_000);
  });

  it("refuses a broken bill with the reader's own problem and line, after the batches before it", async () => {
    const detail = openBill(bigInput(1_200)).detail.split("\n");
    // A line well past the first batch, made a row that is not Alipay's.
    const at = detail.findIndex((line) => line.includes("O00000900"));
    detail[at] = detail[at]!.replace(/,-?\d+\.\d\d,/, ",12.345,");
    const broken = writeZip([{ name: iconv.encode("20881021776494500156_20240315_业务明细.csv", "gbk"), data: iconv.encode(detail.join("\n"), "gbk") }], new Date());
    let handed = 0;
    const [worker, local] = await Promise.all([refusalOf(readTradeBillInWorker(broken, (batch) => void (handed += batch.size))), refusalOf(here(broken))]);
    expect(worker.problem).toBe("BAD_ROW");
    expect([worker.problem, worker.line, worker.reason]).toEqual([local.problem, local.line, local.reason]);
    expect(worker.line).toBe(at + 1);
    expect(handed).toBeGreaterThan(0);
  });

  it("refuses a file that is not a bill at all", async () => {
    const error = await refusalOf(readTradeBillInWorker(Buffer.from("hello"), () => {}));
    expect(error.problem).toBe("NOT_A_BILL");
  });

  it("stops reading when a batch cannot be stored, with that error", async () => {
    let calls = 0;
    const failure = new Error("disk full");
    await expect(
      readTradeBillInWorker(bigDay(3_000), () => {
        calls += 1;
        if (calls === 2) throw failure;
      }),
    ).rejects.toBe(failure);
    expect(calls).toBe(2);
  });
});

