// What an admin does to accounts from Settings: change a role, disable or enable, set a new password.
// Each change bumps the account's sessionVersion (its sessions end at once), keeps at least one active
// admin, and is written to the audit log with the account before and after, in the same transaction.
import "server-only";
import { z } from "zod";
import { appendAudit, type AuditOrigin } from "@/lib/audit";
import { TRANSACTION_OPTIONS, type Db } from "@/lib/db";
import { generatePassword, hashPassword } from "./password";
import { ROLES } from "./roles";
import { UserError, type Operator } from "./users";

export const userChangeSchema = z.discriminatedUnion("change", [
  z.object({ change: z.literal("role"), role: z.enum(ROLES) }),
  z.object({ change: z.literal("disable") }),
  z.object({ change: z.literal("enable") }),
  z.object({ change: z.literal("reset_password") }),
]);
export type UserChange = z.infer<typeof userChangeSchema>;

type Row = { id: string; email: string; name: string | null; role: string; disabledAt: Date | null };
const snapshot = (row: Row) => ({ email: row.email, name: row.name, role: row.role, disabled: row.disabledAt !== null });

/** Applies one change; the new password (reset_password) is returned once and never stored in clear. */
export async function changeUser(db: Db, id: string, change: UserChange, by: { operator: Operator; origin: AuditOrigin }, now = new Date()): Promise<{ user: ReturnType<typeof snapshot>; password?: string }> {
  if (id === by.operator.id && (change.change === "disable" || change.change === "role")) {
    throw new UserError("own_account", "you cannot disable your own account or change your own role: ask another admin");
  }
  const password = change.change === "reset_password" ? generatePassword() : undefined;
  const passwordHash = password ? await hashPassword(password) : undefined;
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw new UserError("not_found", "no such account");
    const data =
      change.change === "role"
        ? { role: change.role }
        : change.change === "disable"
          ? { disabledAt: before.disabledAt ?? now }
          : change.change === "enable"
            ? { disabledAt: null }
            : { passwordHash };
    const losesAdmin = before.role === "admin" && before.disabledAt === null && (change.change === "disable" || (change.change === "role" && change.role !== "admin"));
    if (losesAdmin && (await tx.user.count({ where: { role: "admin", disabledAt: null } })) <= 1) {
      throw new UserError("last_admin", "this is the only active admin: make another admin first");
    }
    const after = await tx.user.update({ where: { id }, data: { ...data, sessionVersion: { increment: 1 } } });
    await appendAudit(tx, {
      actor: { id: by.operator.id, email: by.operator.email, role: by.operator.role },
      origin: by.origin,
      action: "user.update",
      outcome: "OK",
      target: { type: "user", id },
      before: snapshot(before),
      after: snapshot(after),
      detail: { change: change.change },
    });
    return { user: snapshot(after), password };
  }, TRANSACTION_OPTIONS);
}
