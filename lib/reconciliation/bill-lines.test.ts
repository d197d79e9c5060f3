// The bill's rows kept column by column come back as they went in, across the columns' chunks.
import { describe, expect, it } from "vitest";
import { BillLines } from "./bill-lines";
import type { BillLine } from "./match-day";

function line(i: number): BillLine {
  const refund = i % 7 === 0;
  return {
    line: i + 6,
    kind: refund ? "REFUND" : "PAYMENT",
    tradeNo: `2026110222${String(i).padStart(18, "0")}`,
    outTradeNo: i % 5 === 0 ? null : `订单-${i}`,
    outRequestNo: refund ? `R${i}` : null,
    amountFen: refund ? -(i * 3) : i * 101 + 2_147_483_648,
    receiptFen: refund ? -(i * 3) : i * 100,
    feeFen: refund ? i % 3 : -(i % 11),
    finishedAt: new Date(Date.UTC(2026, 10, 1, 16) + i * 1000 + 7),
  };
}

/** A row's fields as a plain object: BillLines makes a row's time only when it is read. */
const fields = ({ line, kind, tradeNo, outTradeNo, outRequestNo, amountFen, receiptFen, feeFen, finishedAt }: BillLine): BillLine => ({ line, kind, tradeNo, outTradeNo, outRequestNo, amountFen, receiptFen, feeFen, finishedAt });

describe("BillLines", () => {
  it("answers each row as pushed, by index, by trade number and in order", () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => line(i));
    const lines = BillLines.of(rows);
    expect(lines.length).toBe(20_000);
    expect([...lines].map(fields)).toEqual(rows);
    for (const i of [0, 8191, 8192, 16_383, 16_384, 19_999]) {
      expect(fields(lines.at(i))).toEqual(rows[i]);
      expect([lines.tradeNo(i), lines.outTradeNo(i)]).toEqual([rows[i]!.tradeNo, rows[i]!.outTradeNo]);
    }
  });

  it("is empty when nothing was pushed", () => {
    expect([...new BillLines()]).toEqual([]);
    expect(new BillLines().length).toBe(0);
  });
});
