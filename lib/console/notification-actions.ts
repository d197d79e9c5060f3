// Replaying a stored notification from the console, audited: a dry run (operator) or for real (admin).
import "server-only";
import { recordAudit } from "@/lib/audit";
import { runAsActor } from "@/lib/payments/actor";
import { dryRunNotification, replayNotification } from "@/lib/payments/replay";
import type { ActionContext } from "./order-actions";

export async function dryRunFromConsole({ ctx, operator, origin }: ActionContext, id: number) {
  const result = await dryRunNotification(ctx, id);
  await recordAudit(ctx.db, {
    actor: { id: operator.id, email: operator.email, role: operator.role },
    origin,
    action: "notification.replay_dry_run",
    outcome: "OK",
    target: { type: "notification", id: String(id) },
    detail: { outcome: result.outcome, wouldChange: result.changes, orderId: result.orderId },
  });
  return result;
}

export async function replayFromConsole({ ctx, operator, origin }: ActionContext, id: number) {
  const before = await dryRunNotification(ctx, id);
  const result = await runAsActor(`user:${operator.email}`, () => replayNotification(ctx, id));
  await recordAudit(ctx.db, {
    actor: { id: operator.id, email: operator.email, role: operator.role },
    origin,
    action: "notification.replay",
    outcome: "OK",
    target: { type: "notification", id: String(id) },
    before: { expected: before.outcome, changes: before.changes },
    after: { notificationId: result.id, outcome: result.outcome, reply: result.reply },
    detail: { orderId: result.orderId },
  });
  return result;
}
