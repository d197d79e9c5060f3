// Replaying a stored notification through today's handler: the exact bytes that arrived, decoded,
// verified with today's key and checked against today's order. A dry run says what would happen and
// changes nothing; a real replay takes the bytes in as a new notification (the log keeps both, the new
// one says what it replays), so a fact applies at most once however often it is replayed.
import "server-only";
import { applyFact, type FactOutcome } from "@/lib/orders/apply-fact";
import type { PaymentsContext } from "./context";
import { PaymentError } from "./errors";
import { type Check, factFrom, findOrder, identityChecks, parse, receiveNotification } from "./notify";
import { loadOrderState } from "./store";

export type DryRun = {
  signature: string;
  checks: Check[];
  orderId: string | null;
  /** What today's handler would do with it. */
  outcome: FactOutcome | "UNKNOWN_ORDER" | "REJECTED_SIGNATURE" | "REJECTED_CHECKS";
  reply: "success" | "failure";
  /** The order's fields that would change, as the state machine writes them (e.g. status:PENDING→PAID). */
  changes: string[];
  anomalies: string[];
};

async function storedBody(ctx: PaymentsContext, id: number) {
  const row = await ctx.db.notification.findUnique({ where: { id }, select: { rawBody: true, truncated: true, bodySize: true, contentType: true } });
  if (!row) throw new PaymentError("NOT_FOUND", `No notification #${id}`, { id });
  return { body: Buffer.from(row.rawBody), truncated: row.truncated, bodySize: row.bodySize, contentType: row.contentType };
}

export async function dryRunNotification(ctx: PaymentsContext, id: number): Promise<DryRun> {
  const stored = await storedBody(ctx, id);
  const parsed = parse(ctx, stored.body, stored.truncated, stored.bodySize);
  const { params, checks } = parsed;
  if (parsed.signature !== "VALID") {
    return { signature: parsed.signature, checks, orderId: null, outcome: "REJECTED_SIGNATURE", reply: "failure", changes: [], anomalies: [] };
  }
  const { fact, problems } = factFrom(params);
  checks.push(...identityChecks(ctx, params, problems));
  const order = await findOrder(ctx, params.out_trade_no);
  checks.push({ check: "order", ok: order !== null, detail: params.out_trade_no ?? "missing" });
  if (order && fact) checks.push({ check: "total_amount", ok: fact.totalFen === order.amountFen, detail: `${fact.totalFen} fen vs ${order.amountFen} fen ordered` });
  const failed = checks.filter((check) => !check.ok);
  const base = { signature: parsed.signature, checks, orderId: order?.id ?? null, reply: "success" as const, changes: [], anomalies: [] };
  if (!order && failed.every((check) => check.check === "order")) return { ...base, outcome: "UNKNOWN_ORDER" };
  if (!order || !fact || failed.some((check) => check.check !== "total_amount")) return { ...base, outcome: "REJECTED_CHECKS" };
  const loaded = await loadOrderState(ctx.db, order.id);
  if (!loaded) return { ...base, outcome: "UNKNOWN_ORDER" };
  const result = applyFact(loaded.state, fact);
  return { ...base, outcome: result.outcome, changes: result.changes, anomalies: result.anomalies };
}

/** Takes the stored bytes in again as a new notification; returns what became of it. */
export async function replayNotification(ctx: PaymentsContext, id: number) {
  const stored = await storedBody(ctx, id);
  const received = await receiveNotification(ctx, { body: stored.body, contentType: stored.contentType, sourceAddress: `replay of #${id}`, declaredSize: stored.bodySize });
  if (!received.ok) throw new Error(`the replay could not be processed: ${received.error}`);
  return received.result;
}
