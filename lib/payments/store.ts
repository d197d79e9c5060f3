// Shared persistence steps of the payment operations: the gateway-call log, the order's event history,
// the order as the state machine sees it, and conditional updates. On SQLite every write runs inside
// an interactive transaction: the driver has one connection, and a write outside a transaction would
// otherwise land inside whichever transaction happens to be open (and roll back with it).
import "server-only";
import type { CertRotation } from "@/lib/alipay/cert-rotation";
import type { GatewayCall } from "@/lib/alipay/gateway-client";
import { type Db, TRANSACTION_OPTIONS } from "@/lib/db";
import type { OrderState } from "@/lib/orders/apply-fact";
import { isOrderStatus } from "@/lib/orders/status";
import type { Prisma } from "@/prisma/generated/sqlite/client";
import { pokeFeed } from "@/lib/events/feed";
import { currentActor } from "./actor";
import { newRowId } from "./ids";

/** The client inside an interactive transaction (with the same extensions as Db). */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type OrderRow = NonNullable<Awaited<ReturnType<Db["order"]["findUnique"]>>>;
export type EventSource = "API" | "NOTIFY" | "SYNC" | "WORKER" | "CONSOLE";

/** Runs `work` in one transaction; once it commits, the console's live pages hear of it (lib/events/feed.ts). */
export async function transaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await db.$transaction(work, TRANSACTION_OPTIONS);
  pokeFeed();
  return result;
}

/** A unique constraint refused the write (Prisma P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Thrown inside a transaction when a conditional update found the row changed: the caller retries. */
export class ConcurrentUpdate extends Error {
  override name = "ConcurrentUpdate";
}

/** A transaction the database gave up on to break a deadlock or a write conflict (Prisma P2034): safe to run again. */
function isTransactionConflict(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2034";
}

/** Runs `attempt` again while it reports a concurrent update (someone else changed the order first). */
export async function retryOnConflict<T>(attempt: () => Promise<T>, tries = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrentUpdate || isTransactionConflict(error)) || i >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5 * i)));
    }
  }
}

/** Updates the order only if it is still at `version`, and bumps it; throws ConcurrentUpdate if not. */
export async function updateOrder(tx: Tx, order: Pick<OrderRow, "id" | "version">, data: Prisma.OrderUpdateManyMutationInput): Promise<void> {
  const { count } = await tx.order.updateMany({ where: { id: order.id, version: order.version }, data: { ...data, version: { increment: 1 } } });
  if (count !== 1) throw new ConcurrentUpdate(`order ${order.id} changed concurrently`);
}

export async function appendEvent(
  tx: Tx,
  orderId: string,
  type: string,
  source: EventSource,
  detail: Record<string, unknown> = {},
  notificationId?: number,
): Promise<void> {
  await tx.orderEvent.create({ data: { orderId, type, source, detail: JSON.stringify(detail), notificationId, actor: currentActor() } });
}

/** The order event of a refused certificate rotation (lib/payments/cert-alert.ts raises the alert). */
export const CERT_ROTATED_EVENT = "ALIPAY_CERT_ROTATED";

/** The order event's detail: what the timeline shows. */
export function certRotationDetail(rotation: CertRotation): Record<string, unknown> {
  return { receivedSn: rotation.receivedSn, loadedSn: rotation.loadedSn, error: rotation.message };
}

/** Stores a gateway call with its wire exchange (the last request that reached the wire). */
export async function recordGatewayCall(tx: Tx, call: GatewayCall, orderId: string | null): Promise<string> {
  const id = newRowId();
  const last = call.attempts.at(-1);
  await tx.gatewayCall.create({
    data: {
      id,
      orderId,
      method: call.method,
      traceId: call.traceId,
      outcome: call.outcome,
      code: call.code,
      subCode: call.subCode,
      verdict: call.verdict,
      error: call.error,
      requestUrl: last?.url ?? null,
      requestBody: last?.requestBody ?? null,
      responseStatus: last?.status ?? null,
      responseBody: last?.responseBody ? new Uint8Array(last.responseBody) : null,
      wireAttempts: call.attempts.length,
      latencyMs: call.latencyMs,
    },
  });
  // A refused certificate rotation shows on the order too, where an operator looking at it will see it.
  if (call.certRotation && orderId) await appendEvent(tx, orderId, CERT_ROTATED_EVENT, "SYNC", certRotationDetail(call.certRotation));
  return id;
}

export function anomalyList(order: Pick<OrderRow, "anomalies">): string[] {
  return order.anomalies === "" ? [] : order.anomalies.split(",");
}

export function mergeAnomalies(order: Pick<OrderRow, "anomalies">, added: readonly string[]): string {
  return [...new Set([...anomalyList(order), ...added])].sort().join(",");
}

/** The order as lib/orders/apply-fact.ts sees it. */
export async function loadOrderState(tx: Tx | Db, orderId: string): Promise<{ order: OrderRow; state: OrderState } | null> {
  const order = await tx.order.findUnique({ where: { id: orderId } });
  if (!order) return null;
  const facts = await tx.appliedFact.findMany({ where: { orderId }, select: { key: true } });
  if (!isOrderStatus(order.status)) throw new Error(`order ${order.id} has an unknown status ${order.status}`);
  return {
    order,
    state: {
      status: order.status,
      amountFen: order.amountFen,
      paidFen: order.paidFen,
      refundedFen: order.refundedFen,
      tradeNo: order.tradeNo,
      scanned: order.scanned,
      finished: order.finished,
      appliedFacts: facts.map((fact) => fact.key),
    },
  };
}
