// Raising one alert: once under its open key (an alert about one thing for good, one over a window for as
// long as it is not resolved); an open alert found again gets its figures refreshed. Every change is
// numbered in AlertEvent in the same transaction, which is what carries it to the console's live pages
// (lib/events). Several instances may raise at once: the unique open key lets one of them create it.
import "server-only";
import type { Db } from "@/lib/db";
import { newRowId } from "@/lib/payments/ids";
import { isUniqueViolation, transaction, type Tx } from "@/lib/payments/store";
import type { Finding } from "./find";
import { ALERT_RULES, openKey } from "./rules";

export type RaisedAlert = { id: string; rule: Finding["rule"]; subject: string; severity: string; detail: Finding["detail"]; orderId: string | null };
export type AlertEventType = "RAISED" | "REFRESHED" | "ACKNOWLEDGED" | "RESOLVED";

/** Numbers a change of an alert for the change feed; call it in the transaction that makes the change. */
export async function recordAlertEvent(tx: Tx, alertId: string, type: AlertEventType, actor: string | null = null): Promise<void> {
  await tx.alertEvent.create({ data: { alertId, type, actor } });
}

/**
 * Raises the finding's alert, or refreshes the open one: when its figures changed (`repeat: "changed"`,
 * the rule checks, which find the same thing again and again) or on every call (`"always"`: each call is
 * another occurrence). Returns the alert when this call raised it, null otherwise.
 */
export async function raiseAlert(db: Db, finding: Finding, now: Date, repeat: "changed" | "always" = "changed"): Promise<RaisedAlert | null> {
  const key = openKey(finding.rule, finding.subject);
  const detail = JSON.stringify(finding.detail);
  const existing = await db.alert.findUnique({ where: { openKey: key }, select: { id: true, status: true, detail: true } });
  if (existing) {
    if (existing.status !== "RESOLVED" && (repeat === "always" || existing.detail !== detail)) {
      await transaction(db, async (tx) => {
        const { count } = await tx.alert.updateMany({ where: { id: existing.id, status: { not: "RESOLVED" } }, data: { detail, lastAt: now, occurrences: { increment: 1 } } });
        if (count === 1) await recordAlertEvent(tx, existing.id, "REFRESHED");
      });
    }
    return null;
  }
  const alert = { id: newRowId(), rule: finding.rule, subject: finding.subject, severity: ALERT_RULES[finding.rule].severity, orderId: finding.orderId };
  try {
    await transaction(db, async (tx) => {
      await tx.alert.create({ data: { ...alert, openKey: key, detail, firstAt: now, lastAt: now } });
      await recordAlertEvent(tx, alert.id, "RAISED");
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
  return { ...alert, detail: finding.detail };
}
