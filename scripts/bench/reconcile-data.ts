// The reconciliation benchmark's day: N orders paid on one Beijing day, each with its verified
// notification, a refund on one in fifty, and Alipay's bill of the same trades built by the sandbox's
// bill writer (the real format), with one payment in a thousand billed at another amount so that the
// match has differences to record.
import { buildTradeBill, computeServiceFee, type BillRow } from "@/sandbox/bill/build-trade-bill";
import { createDb } from "@/lib/db";
import { seededRandom } from "../seed/orders";

const BATCH = 2_000;
export const BENCH_PID = "2088102177649450";

type DayTrade = { no: string; tradeNo: string; fen: number; paidAt: Date; refundFen: number };

export function dayTrades(count: number, billDate: string, seed = 7): DayTrade[] {
  const random = seededRandom(seed);
  const start = new Date(`${billDate}T00:00:00+08:00`).getTime();
  return Array.from({ length: count }, (_, i) => {
    const fen = 100 + Math.floor(random() * 20_000);
    return {
      no: `B${billDate.replaceAll("-", "")}${String(i).padStart(8, "0")}`,
      tradeNo: `${billDate.replaceAll("-", "")}2200${String(i).padStart(16, "0")}`,
      fen,
      paidAt: new Date(start + Math.floor((i / count) * 86_399_000)),
      refundFen: i % 50 === 0 ? Math.max(1, Math.floor(fen / 3)) : 0,
    };
  });
}

/** Writes the orders, their notifications and refunds; returns how long it took. */
export async function seedDay(databaseUrl: string, trades: DayTrade[], onProgress: (written: number) => void): Promise<void> {
  const db = createDb(databaseUrl);
  try {
    for (let at = 0; at < trades.length; at += BATCH) {
      const chunk = trades.slice(at, at + BATCH);
      await db.$transaction(async (tx) => {
        await tx.order.createMany({
          data: chunk.map((t) => ({
            id: `id-${t.no}`, outTradeNo: t.no, alipayOutTradeNo: t.no, tradeNo: t.tradeNo, amountFen: t.fen, paidFen: t.fen, refundedFen: t.refundFen,
            subject: "咖啡", status: "PAID", timeoutMinutes: 30, requestHash: "bench", expiresAt: t.paidAt, createdAt: t.paidAt, paidAt: t.paidAt,
          })),
        });
        await tx.notification.createMany({
          data: chunk.map((t) => ({ rawBody: new Uint8Array(0), bodySize: 0, orderId: `id-${t.no}`, outTradeNo: t.no, tradeNo: t.tradeNo, signature: "VALID", outcome: "APPLIED", receivedAt: t.paidAt })),
        });
        const refunded = chunk.filter((t) => t.refundFen > 0);
        if (refunded.length > 0) {
          await tx.refund.createMany({ data: refunded.map((t) => ({ id: `r-${t.no}`, orderId: `id-${t.no}`, outRequestNo: `R${t.no}`, amountFen: t.refundFen, status: "SUCCEEDED", settledAt: new Date(t.paidAt.getTime() + 60_000) })) });
        }
      }, { timeout: 120_000 });
      onProgress(Math.min(at + BATCH, trades.length));
    }
  } finally {
    await db.$disconnect();
  }
}

/** The bill of the day for the same trades: a payment row each, a refund row per refund. */
export function dayBill(trades: DayTrade[], billDate: string): Buffer {
  const rows: BillRow[] = [];
  trades.forEach((t, i) => {
    const common = { tradeNo: t.tradeNo, outTradeNo: t.no, subject: "咖啡", createdAt: t.paidAt, buyerLogonId: "ifv***@sandbox.com" };
    const billed = i % 1000 === 1 ? t.fen + 1 : t.fen;
    rows.push({ ...common, kind: "PAYMENT", finishedAt: t.paidAt, amountFen: billed, receiptFen: billed, feeFen: computeServiceFee(billed) });
    const refundAt = new Date(t.paidAt.getTime() + 60_000);
    if (t.refundFen > 0 && refundAt.getTime() < new Date(`${billDate}T00:00:00+08:00`).getTime() + 86_400_000) {
      rows.push({ ...common, kind: "REFUND", finishedAt: refundAt, amountFen: t.refundFen, receiptFen: t.refundFen, outRequestNo: `R${t.no}`, feeFen: computeServiceFee(t.refundFen) });
    }
  });
  return buildTradeBill({ pid: BENCH_PID, date: billDate, rows, exportedAt: new Date(`${billDate}T09:00:00+08:00`) }).zip;
}
