// The audit log: every operator action (and sign-in), who, what, when, from where, before and after.
// Rows are only ever added; the database refuses updates and deletes (prisma/<provider>/integrity.sql).
import "server-only";
import { TRANSACTION_OPTIONS, type Db } from "@/lib/db";

export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_out",
  "order.sync",
  "order.close",
  "order.refund",
  "orders.export",
  "funds.export",
  "notification.replay_dry_run",
  "notification.replay",
  "user.create",
  "user.update",
  "api_key.create",
  "api_key.revoke",
  "settings.self_test",
  "reconciliation.upload",
  "reconciliation.run",
  "reconciliation.resolve",
  "alert.acknowledge",
  "alert.resolve",
  "alert.rule_update",
  "alert.channel_create",
  "alert.channel_delete",
  "alert.channel_test",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditOutcome = "OK" | "FAILED" | "DENIED";

export type AuditActor = { id: string | null; email: string; role: string | null };
export type AuditOrigin = { address: string | null; userAgent: string | null };

export type AuditRecord = {
  actor: AuditActor;
  origin: AuditOrigin;
  action: AuditAction;
  outcome: AuditOutcome;
  target?: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
};

type Writer = Pick<Db, "auditEntry">;

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** Appends one entry; pass the transaction that made the change, so that the change and its entry commit together. */
export async function appendAudit(tx: Writer, record: AuditRecord): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actorId: record.actor.id,
      actorEmail: record.actor.email,
      actorRole: record.actor.role,
      action: record.action,
      outcome: record.outcome,
      targetType: record.target?.type ?? null,
      targetId: record.target?.id ?? null,
      address: record.origin.address,
      userAgent: record.origin.userAgent?.slice(0, 512) ?? null,
      before: json(record.before),
      after: json(record.after),
      detail: JSON.stringify(record.detail ?? {}),
    },
  });
}

/** For an action that has no transaction of its own (a refusal, a sign-in). */
export function recordAudit(db: Db, record: AuditRecord): Promise<void> {
  return db.$transaction((tx) => appendAudit(tx, record), TRANSACTION_OPTIONS);
}
