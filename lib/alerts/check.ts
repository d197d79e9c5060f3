// The rule checks: what the rules find now becomes an alert once, or refreshes the open one (raise.ts).
// New alerts are sent to the chat robots by the worker (runAlertCheck).
import "server-only";
import type { Db } from "@/lib/db";
import { findAll } from "./find";
import { raiseAlert, type RaisedAlert } from "./raise";
import { effectiveSettings } from "./rules";

export type { RaisedAlert } from "./raise";

/** Runs every enabled rule now; returns the alerts raised by this check. */
export async function checkAlerts(db: Db, now = new Date()): Promise<RaisedAlert[]> {
  const settings = effectiveSettings(await db.alertRuleSetting.findMany());
  const raised: RaisedAlert[] = [];
  for (const finding of await findAll(db, settings, now)) {
    const alert = await raiseAlert(db, finding, now);
    if (alert) raised.push(alert);
  }
  return raised;
}
