// The alert rules: what each watches, how bad it is, and its default threshold and window, which an admin
// can change (AlertRuleSetting). Pure. The meaning of `threshold` is the rule's own, in its `unit`. Rules
// of kind "event" are not checked: they are raised where the thing happens (their threshold and window
// are unused; an admin can only turn them off).

export const ALERT_RULES = {
  /** Notifications whose signature failed, within the window: forgery, or a wrong key. */
  SIGNATURE_FAILURES: { severity: "critical", kind: "window", threshold: 3, windowMinutes: 10, unit: "notifications" },
  /** A verified notification refused by the business checks (amount, app, seller) or for an order we do not have. */
  INCONSISTENT_NOTIFICATION: { severity: "critical", kind: "item", threshold: 1, windowMinutes: 60, unit: "notifications" },
  /** A payment after the order was closed here: the buyer's money for an order the shop gave up. */
  PAID_AFTER_CLOSE: { severity: "critical", kind: "item", threshold: 1, windowMinutes: 1440, unit: "orders" },
  /** Refunds in the window above this share (%) of the payments in it. */
  REFUND_SHARE: { severity: "warning", kind: "window", threshold: 50, windowMinutes: 60, unit: "percent" },
  /** No notification for this many minutes while orders are waiting to be paid. */
  NO_NOTIFICATION: { severity: "warning", kind: "window", threshold: 30, windowMinutes: 30, unit: "minutes" },
  /** One order's QR paid under more than one trade (more than one buyer paid it). */
  MULTIPLE_TRADES: { severity: "critical", kind: "item", threshold: 1, windowMinutes: 1440, unit: "orders" },
  /** One buyer paying this many times within the window. */
  FREQUENT_BUYER: { severity: "warning", kind: "item", threshold: 10, windowMinutes: 60, unit: "payments" },
  /** A payment of at least this many yuan. */
  LARGE_ORDER: { severity: "warning", kind: "item", threshold: 5_000, windowMinutes: 1440, unit: "yuan" },
  /** Alipay answered under another certificate than the loaded one (lib/payments/cert-alert.ts): refused, once per new SN. */
  ALIPAY_CERT_ROTATED: { severity: "critical", kind: "event", threshold: 1, windowMinutes: 60, unit: "calls" },
} as const;

export type AlertRule = keyof typeof ALERT_RULES;
export const RULE_IDS = Object.keys(ALERT_RULES) as AlertRule[];
/** The rules the periodic check runs (lib/alerts/find.ts). */
export type CheckedRule = { [R in AlertRule]: (typeof ALERT_RULES)[R]["kind"] extends "event" ? never : R }[AlertRule];

export function isCheckedRule(rule: AlertRule): rule is CheckedRule {
  return ALERT_RULES[rule].kind !== "event";
}

export type RuleSetting = { rule: AlertRule; enabled: boolean; threshold: number; windowMinutes: number };

export function isAlertRule(value: string): value is AlertRule {
  return value in ALERT_RULES;
}

/** Each rule's setting: an admin's where there is one, the default otherwise. */
export function effectiveSettings(stored: ReadonlyArray<{ rule: string; enabled: boolean; threshold: number; windowMinutes: number }>): RuleSetting[] {
  return RULE_IDS.map((rule) => {
    const own = stored.find((s) => s.rule === rule);
    const { threshold, windowMinutes } = ALERT_RULES[rule];
    return own ? { rule, enabled: own.enabled, threshold: own.threshold, windowMinutes: own.windowMinutes } : { rule, enabled: true, threshold, windowMinutes };
  });
}

/** An alert about one thing is raised once for good; one over a window, once per episode. */
export function openKey(rule: AlertRule, subject: string): string {
  return `${rule}:${subject}`;
}
