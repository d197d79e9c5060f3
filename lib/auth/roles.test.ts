import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLES } from "./roles";

describe("roles", () => {
  it("gives a viewer only reading, an operator the safe actions, and an admin everything", () => {
    const allowed = Object.fromEntries(ROLES.map((role) => [role, PERMISSIONS.filter((permission) => can(role, permission))]));
    expect(allowed.viewer).toEqual(["read"]);
    expect(allowed.operator).toEqual(["read", "order.sync", "order.close", "notification.replay_dry_run", "reconciliation.run", "reconciliation.resolve", "alert.handle"]);
    expect(allowed.admin).toEqual(PERMISSIONS);
  });

  it("never lets a viewer or an operator refund or replay for real", () => {
    for (const role of ["viewer", "operator"] as const) {
      expect(can(role, "order.refund")).toBe(false);
      expect(can(role, "notification.replay")).toBe(false);
      expect(can(role, "users.manage")).toBe(false);
    }
  });
});
