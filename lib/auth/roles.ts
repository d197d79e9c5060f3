// Who may do what in the console. Pure: pages, server routes and the UI all ask `can`, so a button is
// shown exactly when the server would allow its action.

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * Each permission with the least role that has it. Roles are ordered: an operator can do all a viewer
 * can, an admin all an operator can.
 */
const LEAST_ROLE = {
  /** Every page: orders, notifications, gateway calls, the overview. */
  read: "viewer",
  /** Ask Alipay about an order now and apply the answer. */
  "order.sync": "operator",
  "order.close": "operator",
  /** Run a stored notification through today's handler without changing anything. */
  "notification.replay_dry_run": "operator",
  /** Upload a bill, run a day's reconciliation again. */
  "reconciliation.run": "operator",
  /** Resolve a reconciliation exception by resync or review (by refund: order.refund). */
  "reconciliation.resolve": "operator",
  /** Acknowledge and resolve alerts. */
  "alert.handle": "operator",
  "order.refund": "admin",
  /** Replay a stored notification and apply what it says. */
  "notification.replay": "admin",
  "audit.read": "admin",
  "users.manage": "admin",
  "api_keys.manage": "admin",
  "settings.manage": "admin",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof LEAST_ROLE;

export const PERMISSIONS = Object.keys(LEAST_ROLE) as Permission[];

export function can(role: Role, permission: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(LEAST_ROLE[permission]);
}

export function leastRoleFor(permission: Permission): Role {
  return LEAST_ROLE[permission];
}
