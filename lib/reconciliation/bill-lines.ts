// A bill's rows as the match reads them (BillLine), kept column by column: numbers in typed arrays, the
// three identifiers in arrays of strings. A hundred thousand BillLine objects with their Dates took twice
// the memory, held beside the day's orders. Each row becomes a BillLine only while it is looked at.
import type { BillBatch } from "@/lib/alipay/bill/bill-batch";
import type { BillLine } from "./match-day";

/** Rows per chunk of the numeric columns: the columns grow a chunk at a time, never copied. */
const SHIFT = 13;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

type Chunk = { line: Int32Array; refund: Uint8Array; amountFen: Float64Array; receiptFen: Float64Array; feeFen: Float64Array; finishedAt: Float64Array };

const newChunk = (): Chunk => ({
  line: new Int32Array(CHUNK),
  refund: new Uint8Array(CHUNK),
  amountFen: new Float64Array(CHUNK),
  receiptFen: new Float64Array(CHUNK),
  feeFen: new Float64Array(CHUNK),
  finishedAt: new Float64Array(CHUNK),
});

export class BillLines implements Iterable<BillLine> {
  #length = 0;
  #chunks: Chunk[] = [];
  #tradeNo: string[] = [];
  #outTradeNo: (string | null)[] = [];
  #outRequestNo: (string | null)[] = [];

  static of(lines: Iterable<BillLine>): BillLines {
    const made = new BillLines();
    for (const line of lines) made.push(line);
    return made;
  }

  get length(): number {
    return this.#length;
  }

  push(row: BillLine): void {
    this.#add(row.line, row.kind === "REFUND" ? 1 : 0, row.amountFen, row.receiptFen, row.feeFen, row.finishedAt.getTime(), row.tradeNo, row.outTradeNo, row.outRequestNo);
  }

  /** The rows of a batch as the bill's reader hands them (bill-batch.ts), their strings kept as they are. */
  append(batch: BillBatch): void {
    for (let i = 0; i < batch.size; i++) {
      this.#add(batch.line[i]!, batch.refund[i]!, batch.amountFen[i]!, batch.receiptFen[i]!, batch.feeFen[i]!, batch.finishedAt[i]!, batch.tradeNo[i]!, batch.outTradeNo[i]!, batch.outRequestNo[i]!);
    }
  }

  #add(line: number, refund: number, amountFen: number, receiptFen: number, feeFen: number, finishedAt: number, tradeNo: string, outTradeNo: string | null, outRequestNo: string | null): void {
    const at = this.#length;
    if ((at & MASK) === 0) this.#chunks.push(newChunk());
    const chunk = this.#chunks[at >> SHIFT]!;
    const i = at & MASK;
    chunk.line[i] = line;
    chunk.refund[i] = refund;
    chunk.amountFen[i] = amountFen;
    chunk.receiptFen[i] = receiptFen;
    chunk.feeFen[i] = feeFen;
    chunk.finishedAt[i] = finishedAt;
    this.#tradeNo.push(tradeNo);
    this.#outTradeNo.push(outTradeNo);
    this.#outRequestNo.push(outRequestNo);
    this.#length = at + 1;
  }

  /** The trade number of row `at`, without making the row. */
  tradeNo(at: number): string {
    return this.#tradeNo[at]!;
  }

  outTradeNo(at: number): string | null {
    return this.#outTradeNo[at]!;
  }

  /** Row `at`, made anew. */
  at(at: number): BillLine {
    const chunk = this.#chunks[at >> SHIFT]!;
    const i = at & MASK;
    return new Line(chunk.line[i]!, chunk.refund[i] === 1 ? "REFUND" : "PAYMENT", this.#tradeNo[at]!, this.#outTradeNo[at]!, this.#outRequestNo[at]!, chunk.amountFen[i]!, chunk.receiptFen[i]!, chunk.feeFen[i]!, chunk.finishedAt[i]!);
  }

  *[Symbol.iterator](): Iterator<BillLine> {
    for (let at = 0; at < this.#length; at++) yield this.at(at);
  }
}

/**
 * A row as BillLines hands it on: its time becomes a Date only when asked for. A day's run looks at every
 * row and at the time of the few with a difference; a Date for each of the others was garbage.
 */
class Line implements BillLine {
  constructor(
    readonly line: number,
    readonly kind: "PAYMENT" | "REFUND",
    readonly tradeNo: string,
    readonly outTradeNo: string | null,
    readonly outRequestNo: string | null,
    readonly amountFen: number,
    readonly receiptFen: number,
    readonly feeFen: number,
    finishedMs: number,
  ) {
    this.#finishedMs = finishedMs;
  }

  readonly #finishedMs: number;

  get finishedAt(): Date {
    return new Date(this.#finishedMs);
  }
}
