// Operator accounts: creation (the shell, the demo, the settings page), sign-in checks and the account
// behind a session. Email addresses are kept lower-cased; passwords only as scrypt hashes.
import "server-only";
import { z } from "zod";
import { appendAudit, recordAudit, type AuditOrigin } from "@/lib/audit";
import { TRANSACTION_OPTIONS, type Db } from "@/lib/db";
import { newRowId } from "@/lib/payments/ids";
import { decoyHash, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";
import { isRole, ROLES, type Role } from "./roles";
import { clearAccount, lockedUntil, recordFailure } from "./throttle";

export type Operator = { id: string; email: string; name: string | null; role: Role; sessionVersion: number };

export class UserError extends Error {
  override name = "UserError";
  constructor(
    readonly code: "invalid_email" | "password_too_short" | "password_too_long" | "invalid_role" | "email_taken" | "not_found" | "last_admin" | "own_account",
    message: string,
  ) {
    super(message);
  }
}

export const emailSchema = z.email().max(254).transform((email) => email.toLowerCase());

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new UserError("password_too_short", `the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new UserError("password_too_long", `the password must have at most ${MAX_PASSWORD_LENGTH} characters`);
}

function toOperator(row: { id: string; email: string; name: string | null; role: string; sessionVersion: number }): Operator | null {
  return isRole(row.role) ? { id: row.id, email: row.email, name: row.name, role: row.role, sessionVersion: row.sessionVersion } : null;
}

export type NewUser = { email: string; password: string; role: Role; name?: string | null };

/** Creates an account; `audit` names who did it (the shell when absent: nobody signed in). */
export async function createUser(db: Db, input: NewUser, audit?: { actor: { id: string | null; email: string; role: string | null }; origin: AuditOrigin }): Promise<Operator> {
  const email = emailSchema.safeParse(normalizeEmail(input.email));
  if (!email.success) throw new UserError("invalid_email", "the email address is not valid");
  if (!isRole(input.role)) throw new UserError("invalid_role", `the role must be one of ${ROLES.join(", ")}`);
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const row = await db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: email.data } })) throw new UserError("email_taken", `an account for ${email.data} already exists`);
    const created = await tx.user.create({ data: { id: newRowId(), email: email.data, name: input.name?.trim() || null, passwordHash, role: input.role } });
    await appendAudit(tx, {
      actor: audit?.actor ?? { id: null, email: "shell", role: null },
      origin: audit?.origin ?? { address: null, userAgent: null },
      action: "user.create",
      outcome: "OK",
      target: { type: "user", id: created.id },
      after: { email: created.email, name: created.name, role: created.role },
    });
    return created;
  }, TRANSACTION_OPTIONS);
  return toOperator(row)!;
}

export type SignInResult = { ok: true; operator: Operator } | { ok: false; reason: "invalid" } | { ok: false; reason: "locked"; retryAt: Date };

/** Checks a sign-in: throttled per account and address, the same work whether or not the account exists. */
export async function authenticate(db: Db, credentials: { email: string; password: string }, origin: AuditOrigin, now = new Date()): Promise<SignInResult> {
  const email = normalizeEmail(credentials.email).slice(0, 254);
  const keys = { account: email, address: origin.address };
  const actor = { id: null, email, role: null };
  const locked = await lockedUntil(db, keys, now);
  if (locked) {
    await recordAudit(db, { actor, origin, action: "auth.sign_in", outcome: "DENIED", detail: { reason: "locked", retryAt: locked.toISOString() } });
    return { ok: false, reason: "locked", retryAt: locked };
  }
  const row = email ? await db.user.findUnique({ where: { email } }) : null;
  const password = credentials.password.slice(0, MAX_PASSWORD_LENGTH + 1);
  const matches = await verifyPassword(password, row?.passwordHash ?? (await decoyHash()));
  const operator = row && matches && !row.disabledAt ? toOperator(row) : null;
  if (!operator) {
    await recordFailure(db, keys, now);
    await recordAudit(db, { actor: { ...actor, id: row?.id ?? null }, origin, action: "auth.sign_in", outcome: "FAILED", detail: { reason: row?.disabledAt ? "disabled" : "invalid" } });
    return { ok: false, reason: "invalid" };
  }
  await clearAccount(db, email);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: operator.id }, data: { lastSignInAt: now } });
    await appendAudit(tx, { actor: { id: operator.id, email, role: operator.role }, origin, action: "auth.sign_in", outcome: "OK" });
  }, TRANSACTION_OPTIONS);
  return { ok: true, operator };
}

/** The account behind a session, if it still may sign in and the session is not older than its last change. */
export async function findSessionOperator(db: Db, id: string, sessionVersion: number): Promise<Operator | null> {
  const row = await db.user.findUnique({ where: { id } });
  if (!row || row.disabledAt || row.sessionVersion !== sessionVersion) return null;
  return toOperator(row);
}

/** Sets a new password (the shell's reset); sessions signed in with the old one end. */
export async function setPassword(db: Db, email: string, password: string): Promise<void> {
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: normalizeEmail(email) } });
    if (!user) throw new UserError("not_found", `no account for ${normalizeEmail(email)}`);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await appendAudit(tx, {
      actor: { id: null, email: "shell", role: null },
      origin: { address: null, userAgent: null },
      action: "user.update",
      outcome: "OK",
      target: { type: "user", id: user.id },
      detail: { change: "password_reset" },
    });
  }, TRANSACTION_OPTIONS);
}

export async function listUsers(db: Db) {
  return db.user.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, lastSignInAt: true, createdAt: true },
  });
}

export async function countUsers(db: Db): Promise<number> {
  return db.user.count();
}
