// Raising alerts: what the rules find now becomes an alert once (an alert about one thing for good, one
// over a window for as long as it is not resolved); an open alert found again gets its figures refreshed.
// New alerts are sent to the chat robots. Several instances may check at once: the unique open key lets
// one of them raise each alert.
import "server-only";
import type { Db } from "@/lib/db";
import { newRowId } from "@/lib/payments/ids";
import { isUniqueViolation, transaction } from "@/lib/payments/store";
import { findAll, type Finding } from "./find";
import { ALERT_RULES, effectiveSettings, openKey } from "./rules";

export type RaisedAlert = { id: string; rule: Finding["rule"]; subject: string; severity: string; detail: Record<string, unknown>; orderId: string | null };

async function raise(db: Db, finding: Finding, now: Date): Promise<RaisedAlert | null> {
  const key = openKey(finding.rule, finding.subject);
  const detail = JSON.stringify(finding.detail);
  const existing = await db.alert.findUnique({ where: { openKey: key }, select: { id: true, status: true, detail: true } });
  if (existing) {
    if (existing.status !== "RESOLVED" && existing.detail !== detail) {
      await transaction(db, (tx) => tx.alert.update({ where: { id: existing.id }, data: { detail, lastAt: now, occurrences: { increment: 1 } } }));
    }
    return null;
  }
  const alert = { id: newRowId(), rule: finding.rule, subject: finding.subject, severity: ALERT_RULES[finding.rule].severity, orderId: finding.orderId };
  try {
    await transaction(db, (tx) => tx.alert.create({ data: { ...alert, openKey: key, detail, firstAt: now, lastAt: now } }));
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
  return { ...alert, detail: finding.detail };
}

/** Runs every enabled rule now; returns the alerts raised by this check. */
export async function checkAlerts(db: Db, now = new Date()): Promise<RaisedAlert[]> {
  const settings = effectiveSettings(await db.alertRuleSetting.findMany());
  const raised: RaisedAlert[] = [];
  for (const finding of await findAll(db, settings, now)) {
    const alert = await raise(db, finding, now);
    if (alert) raised.push(alert);
  }
  return raised;
}
