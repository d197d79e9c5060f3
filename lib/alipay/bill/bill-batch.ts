// The bill's rows a few thousand at a time, column by column: numbers and times in typed arrays, text in
// arrays of strings. This is how rows cross from the thread that reads the bill (bill-worker.ts) to the
// one that stores them: typed arrays are handed over without a copy, and a batch is a dozen objects
// rather than thousands.
import type { TradeBillRow } from "./detail-row";

export type BillBatch = {
  size: number;
  line: Int32Array;
  /** 1: 退款 (REFUND), 0: 交易 (PAYMENT). */
  refund: Uint8Array;
  amountFen: Float64Array;
  receiptFen: Float64Array;
  merchantDiscountFen: Float64Array;
  feeFen: Float64Array;
  /** Epoch milliseconds; NaN where the bill leaves 创建时间 empty. */
  createdAt: Float64Array;
  finishedAt: Float64Array;
  tradeNo: string[];
  outTradeNo: (string | null)[];
  outRequestNo: (string | null)[];
  storeId: (string | null)[];
  storeName: (string | null)[];
  operatorId: (string | null)[];
  terminalId: (string | null)[];
  buyerLogonId: (string | null)[];
  subject: (string | null)[];
  remark: (string | null)[];
};

export const TEXT_COLUMNS = ["tradeNo", "outTradeNo", "outRequestNo", "storeId", "storeName", "operatorId", "terminalId", "buyerLogonId", "subject", "remark"] as const;

/**
 * A batch as it crosses threads: its text columns as one JSON text. Copying 20,000 strings one by one
 * (postMessage's structured clone) cost more than reading them from the bill; one string is copied whole,
 * and JSON.parse makes the arrays again at native speed.
 */
export type PackedBatch = Omit<BillBatch, (typeof TEXT_COLUMNS)[number]> & { text: string };

export function packBatch(batch: BillBatch): PackedBatch {
  const { size, line, refund, amountFen, receiptFen, merchantDiscountFen, feeFen, createdAt, finishedAt } = batch;
  return { size, line, refund, amountFen, receiptFen, merchantDiscountFen, feeFen, createdAt, finishedAt, text: JSON.stringify(TEXT_COLUMNS.map((column) => batch[column])) };
}

export function unpackBatch(packed: PackedBatch): BillBatch {
  const { text, ...numbers } = packed;
  const [tradeNo, outTradeNo, outRequestNo, storeId, storeName, operatorId, terminalId, buyerLogonId, subject, remark] = JSON.parse(text) as [string[], ...(string | null)[][]];
  return { ...numbers, tradeNo: tradeNo!, outTradeNo: outTradeNo!, outRequestNo: outRequestNo!, storeId: storeId!, storeName: storeName!, operatorId: operatorId!, terminalId: terminalId!, buyerLogonId: buyerLogonId!, subject: subject!, remark: remark! };
}

/** The typed arrays of `batch`: what postMessage can transfer rather than copy. */
export function batchBuffers(batch: PackedBatch): ArrayBuffer[] {
  const arrays = [batch.line, batch.refund, batch.amountFen, batch.receiptFen, batch.merchantDiscountFen, batch.feeFen, batch.createdAt, batch.finishedAt];
  return arrays.map((array) => array.buffer as ArrayBuffer);
}

function emptyBatch(capacity: number): BillBatch {
  return {
    size: 0,
    line: new Int32Array(capacity),
    refund: new Uint8Array(capacity),
    amountFen: new Float64Array(capacity),
    receiptFen: new Float64Array(capacity),
    merchantDiscountFen: new Float64Array(capacity),
    feeFen: new Float64Array(capacity),
    createdAt: new Float64Array(capacity),
    finishedAt: new Float64Array(capacity),
    tradeNo: [],
    outTradeNo: [],
    outRequestNo: [],
    storeId: [],
    storeName: [],
    operatorId: [],
    terminalId: [],
    buyerLogonId: [],
    subject: [],
    remark: [],
  };
}

/** Fills batches of `capacity` rows. */
export class BatchBuilder {
  #batch: BillBatch;

  constructor(readonly capacity: number) {
    this.#batch = emptyBatch(capacity);
  }

  get size(): number {
    return this.#batch.size;
  }

  get full(): boolean {
    return this.#batch.size === this.capacity;
  }

  push(row: TradeBillRow): void {
    const batch = this.#batch;
    const i = batch.size;
    if (i === this.capacity) throw new Error("the batch is full");
    batch.line[i] = row.line;
    batch.refund[i] = row.kind === "REFUND" ? 1 : 0;
    batch.amountFen[i] = row.amountFen;
    batch.receiptFen[i] = row.receiptFen;
    batch.merchantDiscountFen[i] = row.merchantDiscountFen;
    batch.feeFen[i] = row.feeFen;
    batch.createdAt[i] = row.createdAt === null ? Number.NaN : row.createdAt.getTime();
    batch.finishedAt[i] = row.finishedAt.getTime();
    batch.tradeNo.push(row.tradeNo);
    batch.outTradeNo.push(row.outTradeNo);
    batch.outRequestNo.push(row.outRequestNo);
    batch.storeId.push(row.storeId);
    batch.storeName.push(row.storeName);
    batch.operatorId.push(row.operatorId);
    batch.terminalId.push(row.terminalId);
    batch.buyerLogonId.push(row.buyerLogonId);
    batch.subject.push(row.subject);
    batch.remark.push(row.remark);
    batch.size = i + 1;
  }

  /** The rows so far (typed arrays cut to their number), and a new empty batch begun. */
  take(): BillBatch {
    const batch = this.#batch;
    this.#batch = emptyBatch(this.capacity);
    if (batch.size === this.capacity) return batch;
    const n = batch.size;
    return {
      ...batch,
      line: batch.line.slice(0, n),
      refund: batch.refund.slice(0, n),
      amountFen: batch.amountFen.slice(0, n),
      receiptFen: batch.receiptFen.slice(0, n),
      merchantDiscountFen: batch.merchantDiscountFen.slice(0, n),
      feeFen: batch.feeFen.slice(0, n),
      createdAt: batch.createdAt.slice(0, n),
      finishedAt: batch.finishedAt.slice(0, n),
    };
  }
}

/** Row `i` of `batch` as the reader made it (for tests, and for the rare caller that wants rows). */
export function batchRow(batch: BillBatch, i: number): TradeBillRow {
  const createdAt = batch.createdAt[i]!;
  return {
    line: batch.line[i]!,
    kind: batch.refund[i] === 1 ? "REFUND" : "PAYMENT",
    tradeNo: batch.tradeNo[i]!,
    outTradeNo: batch.outTradeNo[i]!,
    subject: batch.subject[i]!,
    createdAt: Number.isNaN(createdAt) ? null : new Date(createdAt),
    finishedAt: new Date(batch.finishedAt[i]!),
    storeId: batch.storeId[i]!,
    storeName: batch.storeName[i]!,
    operatorId: batch.operatorId[i]!,
    terminalId: batch.terminalId[i]!,
    buyerLogonId: batch.buyerLogonId[i]!,
    amountFen: batch.amountFen[i]!,
    receiptFen: batch.receiptFen[i]!,
    merchantDiscountFen: batch.merchantDiscountFen[i]!,
    feeFen: batch.feeFen[i]!,
    outRequestNo: batch.outRequestNo[i]!,
    remark: batch.remark[i]!,
  };
}
