// The rows of a trade bill, from the sandbox's own trades: payments by payment time and refunds by
// refund time, within the bill's day or month (Beijing time); then the bill faults, which make the bill
// disagree with the trades on purpose (an amount, a trade left out, a fee at another rate).
import { parseYuan } from "@/lib/money";
import { billFaults } from "../faults/store";
import { sql } from "../store/db";
import { computeServiceFee, type BillRow } from "../bill/build-trade-bill";
import type { SandboxContext } from "../context";
import type { PrecreateRow } from "../store/precreates";
import type { RefundRow, TradeRow } from "../store/trades";

const BEIJING_MS = 8 * 3600_000;

/** [start, end) of a `yyyy-MM-dd` or `yyyy-MM` bill date, in epoch ms. */
export function billRange(billDate: string): [number, number] {
  const [year, month, day] = billDate.split("-").map(Number) as [number, number, number | undefined];
  const start = day === undefined ? Date.UTC(year, month - 1, 1) : Date.UTC(year, month - 1, day);
  const end = day === undefined ? Date.UTC(year, month, 1) : Date.UTC(year, month - 1, day + 1);
  return [start - BEIJING_MS, end - BEIJING_MS];
}

type Joined = TradeRow & Pick<PrecreateRow, "subject" | "store_id" | "operator_id" | "terminal_id">;

export function listBillRows(ctx: SandboxContext, billDate: string): BillRow[] {
  const [start, end] = billRange(billDate);
  const rate = ctx.config.feeRateBasisPoints;
  const payments = sql(ctx.db, 
      `SELECT t.*, p.subject, p.store_id, p.operator_id, p.terminal_id FROM trades t JOIN precreates p ON p.id = t.precreate_id
       WHERE t.app_id = ? AND t.gmt_payment >= ? AND t.gmt_payment < ?`,
    )
    .all(ctx.config.appId, start, end) as Joined[];
  const refunds = sql(ctx.db, 
      `SELECT r.*, t.*, p.subject, p.store_id, p.operator_id, p.terminal_id FROM refunds r JOIN trades t ON t.trade_no = r.trade_no
       JOIN precreates p ON p.id = t.precreate_id WHERE t.app_id = ? AND r.gmt_refund_pay >= ? AND r.gmt_refund_pay < ?`,
    )
    .all(ctx.config.appId, start, end) as Array<Joined & RefundRow>;

  const common = (t: Joined) => ({
    tradeNo: t.trade_no,
    outTradeNo: t.out_trade_no,
    subject: t.subject,
    createdAt: new Date(t.gmt_create),
    storeId: t.store_id ?? undefined,
    operatorId: t.operator_id ?? undefined,
    terminalId: t.terminal_id ?? undefined,
    buyerLogonId: t.buyer_logon_id,
  });
  return withBillFaults(ctx, [
    ...payments.map((t): BillRow => ({
      ...common(t),
      kind: "PAYMENT",
      finishedAt: new Date(t.gmt_payment!),
      amountFen: t.total_amount,
      receiptFen: t.total_amount,
      feeFen: computeServiceFee(t.total_amount, rate),
    })),
    ...refunds.map((r): BillRow => ({
      ...common(r),
      kind: "REFUND",
      finishedAt: new Date(r.gmt_refund_pay),
      amountFen: r.refund_amount,
      receiptFen: r.refund_amount,
      outRequestNo: r.out_request_no,
      feeFen: computeServiceFee(r.refund_amount, rate),
      remark: r.refund_reason ?? undefined,
    })),
  ]);
}

function withBillFaults(ctx: SandboxContext, rows: BillRow[]): BillRow[] {
  return rows.flatMap((row) => {
    let faulted = row;
    for (const fault of billFaults(ctx.db, row.outTradeNo)) {
      if (fault.kind === "bill_omit") return [];
      if (fault.kind === "bill_amount" && row.kind === "PAYMENT") {
        const amountFen = parseYuan(String(fault.params.amount)) ?? row.amountFen;
        faulted = { ...faulted, amountFen, receiptFen: amountFen, feeFen: computeServiceFee(amountFen, ctx.config.feeRateBasisPoints) };
      }
      if (fault.kind === "bill_fee") faulted = { ...faulted, feeFen: computeServiceFee(faulted.amountFen, Number(fault.params.rateBp)) };
    }
    return [faulted];
  });
}
