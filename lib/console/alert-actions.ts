// What operators do with alerts: acknowledge (someone is on it) and resolve (with a note), each change
// numbered for the live pages (AlertEvent); and what an admin sets: a rule's threshold and window, the
// chat robots alerts go to. Each is audited.
import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit, type AuditAction, type AuditOrigin } from "@/lib/audit";
import type { Operator } from "@/lib/auth/users";
import type { Db } from "@/lib/db";
import { recordAlertEvent } from "@/lib/alerts/raise";
import { ALERT_RULES, type AlertRule } from "@/lib/alerts/rules";
import { sendToRobot, type RobotKind } from "@/lib/alerts/robots";
import { PaymentError } from "@/lib/payments/errors";
import { transaction } from "@/lib/payments/store";
import { maskRobotUrl } from "./alerts";

export type AlertActionContext = { db: Db; operator: Operator; origin: AuditOrigin; now: Date };

function audit(action: AlertActionContext, name: AuditAction, target: { type: string; id: string }, fields: { before?: unknown; after?: unknown; detail?: Record<string, unknown> }) {
  const { operator, origin } = action;
  return recordAudit(action.db, { actor: { id: operator.id, email: operator.email, role: operator.role }, origin, action: name, outcome: "OK", target, ...fields });
}

/** Acknowledged: someone is looking at it. */
export async function acknowledgeAlert(action: AlertActionContext, id: string) {
  const count = await transaction(action.db, async (tx) => {
    const { count } = await tx.alert.updateMany({ where: { id, status: "OPEN" }, data: { status: "ACKNOWLEDGED", acknowledgedBy: action.operator.email, acknowledgedAt: action.now } });
    if (count === 1) await recordAlertEvent(tx, id, "ACKNOWLEDGED", action.operator.email);
    return count;
  });
  if (count !== 1) throw await refusal(action.db, id);
  await audit(action, "alert.acknowledge", { type: "alert", id }, { before: { status: "OPEN" }, after: { status: "ACKNOWLEDGED" } });
}

/** Resolved, with a note. A window's alert may then be raised again; an alert about one thing never. */
export async function resolveAlert(action: AlertActionContext, id: string, note: string) {
  const alert = await action.db.alert.findUnique({ where: { id } });
  if (!alert) throw new PaymentError("NOT_FOUND", "No such alert");
  const window = ALERT_RULES[alert.rule as AlertRule]?.kind === "window";
  const count = await transaction(action.db, async (tx) => {
    const { count } = await tx.alert.updateMany({
      where: { id, status: { not: "RESOLVED" } },
      data: { status: "RESOLVED", resolvedBy: action.operator.email, resolvedAt: action.now, note, ...(window ? { openKey: null } : {}) },
    });
    if (count === 1) await recordAlertEvent(tx, id, "RESOLVED", action.operator.email);
    return count;
  });
  if (count !== 1) throw await refusal(action.db, id);
  await audit(action, "alert.resolve", { type: "alert", id }, { before: { status: alert.status }, after: { status: "RESOLVED", note } });
}

async function refusal(db: Db, id: string): Promise<PaymentError> {
  const alert = await db.alert.findUnique({ where: { id }, select: { status: true, resolvedBy: true, acknowledgedBy: true } });
  if (!alert) return new PaymentError("NOT_FOUND", "No such alert");
  return new PaymentError("CONFLICT", `The alert is ${alert.status.toLowerCase()} already${alert.resolvedBy ? ` (by ${alert.resolvedBy})` : alert.acknowledgedBy ? ` (by ${alert.acknowledgedBy})` : ""}`);
}

export async function updateRule(action: AlertActionContext, rule: AlertRule, setting: { enabled: boolean; threshold: number; windowMinutes: number }) {
  const before = await action.db.alertRuleSetting.findUnique({ where: { rule } });
  const data = { ...setting, updatedBy: action.operator.email };
  await action.db.alertRuleSetting.upsert({ where: { rule }, create: { rule, ...data }, update: data });
  await audit(action, "alert.rule_update", { type: "alert_rule", id: rule }, { before: before ?? { ...ALERT_RULES[rule], enabled: true }, after: setting });
}

export async function createChannel(action: AlertActionContext, input: { kind: RobotKind; name: string; url: string; secret: string | null }) {
  const id = randomUUID();
  await action.db.alertChannel.create({ data: { id, ...input, createdBy: action.operator.email } });
  await audit(action, "alert.channel_create", { type: "alert_channel", id }, { after: { kind: input.kind, name: input.name, url: maskRobotUrl(input.url), signed: Boolean(input.secret) } });
  return id;
}

export async function deleteChannel(action: AlertActionContext, id: string) {
  const channel = await action.db.alertChannel.findUnique({ where: { id } });
  if (!channel) throw new PaymentError("NOT_FOUND", "No such channel");
  await action.db.alertChannel.delete({ where: { id } });
  await audit(action, "alert.channel_delete", { type: "alert_channel", id }, { before: { kind: channel.kind, name: channel.name, url: maskRobotUrl(channel.url) } });
}

/** Sends a test message now and says what the robot answered. */
export async function testChannel(action: AlertActionContext, id: string) {
  const channel = await action.db.alertChannel.findUnique({ where: { id } });
  if (!channel) throw new PaymentError("NOT_FOUND", "No such channel");
  const reply = await sendToRobot(
    { kind: channel.kind as RobotKind, url: channel.url, secret: channel.secret },
    { title: "【测试】控制台告警通道", markdown: `### 【测试】控制台告警通道\n这是一条测试消息，由 ${action.operator.email} 发送。` },
  );
  await action.db.alertChannel.update({ where: { id }, data: reply.ok ? { lastSentAt: action.now, lastError: null } : { lastError: reply.response } });
  await audit(action, "alert.channel_test", { type: "alert_channel", id }, { detail: { ok: reply.ok, response: reply.response } });
  return reply;
}
