// What an operator does about reconciliation from the console: upload a bill, run a day again, and
// resolve an exception by asking Alipay (resync), by refunding the buyer, or by reviewing it with a note.
// Each is written to the audit log with the exception before and after. Permissions are checked by the
// routes; an exception is resolved once (a second resolver is told who was first).
import "server-only";
import { recordAudit, type AuditAction } from "@/lib/audit";
import { formatYuan } from "@/lib/money";
import { PaymentError } from "@/lib/payments/errors";
import { importBill, type ImportResult } from "@/lib/reconciliation/import-bill";
import { reconcileDay, type ReconcileOptions, type ReconcileResult } from "@/lib/reconciliation/reconcile-day";
import { isExceptionKind, resolutionActions, type ResolutionAction } from "@/lib/reconciliation/exception-kinds";
import { refundFromConsole, syncOrderFromConsole, type ActionContext } from "./order-actions";

type ExceptionRow = NonNullable<Awaited<ReturnType<ActionContext["ctx"]["db"]["reconciliationException"]["findUnique"]>>>;

function snapshot(row: ExceptionRow) {
  return { kind: row.kind, key: row.key, status: row.status, resolution: row.resolution, resolvedBy: row.resolvedBy, note: row.note };
}

async function audit(action: ActionContext, name: AuditAction, target: { type: string; id: string }, outcome: "OK" | "FAILED", fields: { before?: unknown; after?: unknown; detail?: Record<string, unknown> }) {
  const { operator, origin } = action;
  await recordAudit(action.ctx.db, { actor: { id: operator.id, email: operator.email, role: operator.role }, origin, action: name, outcome, target, ...fields });
}

/** The exception, open, and offering `how`; otherwise an error saying why not. */
async function openException(action: ActionContext, id: string, how: ResolutionAction): Promise<ExceptionRow> {
  const row = await action.ctx.db.reconciliationException.findUnique({ where: { id } });
  if (!row) throw new PaymentError("NOT_FOUND", "No such reconciliation exception", { id });
  if (row.status !== "OPEN") throw new PaymentError("CONFLICT", `Already resolved (${row.resolution}) by ${row.resolvedBy}`, { resolution: row.resolution, resolvedBy: row.resolvedBy });
  if (!isExceptionKind(row.kind) || !resolutionActions(row.kind).includes(how)) throw new PaymentError("CONFLICT", `A ${row.kind} exception is not resolved by ${how.toLowerCase()}`);
  if (how !== "REVIEW" && !row.orderId) throw new PaymentError("CONFLICT", "This exception has no order of ours to act on: review it");
  return row;
}

/** Marks it resolved unless someone else did first. */
async function markResolved(action: ActionContext, row: ExceptionRow, resolution: ResolutionAction | "RESYNCED" | "REFUNDED" | "REVIEWED", note: string | null): Promise<ExceptionRow> {
  const { count } = await action.ctx.db.reconciliationException.updateMany({
    where: { id: row.id, OR: [{ status: "OPEN" }, { resolution: "GONE" }] },
    data: { status: "RESOLVED", resolution, resolvedBy: action.operator.email, resolvedAt: action.ctx.now(), note },
  });
  if (count !== 1) throw new PaymentError("CONFLICT", "Someone resolved this exception meanwhile");
  return action.ctx.db.reconciliationException.findUniqueOrThrow({ where: { id: row.id } });
}

/** Checks the exception can be resolved `how`, then runs `work`, auditing the attempt whether it succeeds or not. */
async function resolving<T extends { exception: ExceptionRow }>(action: ActionContext, id: string, how: ResolutionAction, work: (row: ExceptionRow) => Promise<T>): Promise<T> {
  const target = { type: "reconciliation_exception", id };
  let row: ExceptionRow | null = null;
  try {
    row = await openException(action, id, how);
    const result = await work(row);
    await audit(action, "reconciliation.resolve", target, "OK", { before: snapshot(row), after: snapshot(result.exception), detail: { how, billDate: row.billDate, orderId: row.orderId } });
    return result;
  } catch (error) {
    const reason = error instanceof PaymentError ? { code: error.code, message: error.message } : { code: "INTERNAL", message: "the action failed" };
    await audit(action, "reconciliation.resolve", target, "FAILED", { before: row ? snapshot(row) : undefined, detail: { how, billDate: row?.billDate, error: reason } });
    throw error;
  }
}

/**
 * Asks Alipay about the order and applies the answer, then runs the day again: resolved (RESYNCED) when the
 * difference is gone; otherwise it stays open and the answer says what Alipay said.
 */
export function resyncException(action: ActionContext, id: string) {
  return resolving(action, id, "RESYNC", async (row) => {
    const synced = await syncOrderFromConsole(action, row.orderId!);
    await reconcileDay(action.ctx.db, row.billDate, { feeRateBp: action.ctx.settings.feeRateBp, now: action.ctx.now() });
    const after = await action.ctx.db.reconciliationException.findUniqueOrThrow({ where: { id } });
    const healed = after.resolution === "GONE";
    return { exception: healed ? await markResolved(action, after, "RESYNCED", null) : after, healed, alipay: synced.alipay, changes: synced.changes };
  });
}

/** Refunds what is left of the order's payment (a payment after close: the buyer's money back), once. */
export function refundException(action: ActionContext, id: string) {
  return resolving(action, id, "REFUND", async (row) => {
    const order = await action.ctx.db.order.findUniqueOrThrow({ where: { id: row.orderId! } });
    const amount = order.paidFen - order.refundedFen - order.refundPendingFen;
    if (amount <= 0) throw new PaymentError("ORDER_NOT_REFUNDABLE", "Nothing is left to refund on this order: review the exception instead");
    const requestNo = `REC${row.id.replaceAll("-", "")}`;
    const refunded = await refundFromConsole(action, order.id, { amount, reason: "对账：关闭后支付，退还买家 (reconciliation: paid after close)", requestNo });
    if (refunded.refund.status === "FAILED") throw new PaymentError("GATEWAY_REJECTED", `Alipay refused the refund: ${refunded.refund.message ?? refunded.refund.subCode ?? refunded.refund.code}`);
    const exception = await markResolved(action, row, "REFUNDED", `${formatYuan(amount)} (${refunded.refund.outRequestNo}, ${refunded.refund.status})`);
    return { exception, refund: refunded.refund };
  });
}

export const MAX_NOTE_LENGTH = 500;

/** Marks it reviewed with the operator's note (what was found, what was done). */
export function reviewException(action: ActionContext, id: string, note: string) {
  return resolving(action, id, "REVIEW", async (row) => {
    const text = note.trim();
    if (text === "" || text.length > MAX_NOTE_LENGTH) throw new PaymentError("INVALID_REQUEST", `A review needs a note of 1 to ${MAX_NOTE_LENGTH} characters`, { note: "required" });
    return { exception: await markResolved(action, row, "REVIEWED", text) };
  });
}

export async function rerunDay(action: ActionContext, billDate: string, imported?: ReconcileOptions["imported"]): Promise<ReconcileResult> {
  const result = await reconcileDay(action.ctx.db, billDate, { feeRateBp: action.ctx.settings.feeRateBp, now: action.ctx.now(), imported });
  const detail = result.ok ? { found: result.found, opened: result.opened, gone: result.gone, matchedShare: result.summary.matchedShare } : { reason: result.reason };
  await audit(action, "reconciliation.run", { type: "reconciliation_day", id: billDate }, result.ok ? "OK" : "FAILED", { detail });
  return result;
}

/** Keeps and imports a bill an operator downloaded from Alipay's merchant site, then runs its day. */
export async function uploadBill(action: ActionContext, billDate: string, fileName: string, bytes: Buffer): Promise<{ imported: ImportResult; run: ReconcileResult | null }> {
  const imported = await importBill(action.ctx.db, { billDate, source: "UPLOAD", fileName, bytes, receivedBy: action.operator.email }, action.ctx.settings.sellerId ?? null, { prepare: true });
  const detail = imported.ok ? { fileName, size: bytes.length, rows: imported.summary.rows } : { fileName, size: bytes.length, problem: imported.problem, line: imported.line, reason: imported.reason };
  await audit(action, "reconciliation.upload", { type: "reconciliation_day", id: billDate }, imported.ok ? "OK" : "FAILED", { detail: { billFileId: imported.billFileId, ...detail } });
  return { imported, run: imported.ok ? await rerunDay(action, billDate, imported) : null };
}
