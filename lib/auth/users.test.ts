// Accounts, sign-in checks and their throttle against a migrated database, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { ACCOUNT_POLICY, ADDRESS_POLICY } from "./throttle";
import { authenticate, createUser, findSessionOperator, setPassword, UserError } from "./users";

const origin = (address: string) => ({ address, userAgent: "vitest" });

describe.each(["sqlite", "postgresql"] as const)("accounts on %s", (provider) => {
  let database: MigratedDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createMigratedDatabase(provider);
    db = createDb(database.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it("creates an account with a lower-cased email, signs it in, and audits both", async () => {
    const created = await createUser(db, { email: "Ops@Shop.Example", password: "a long enough password", role: "operator" });
    expect(created.email).toBe("ops@shop.example");
    const result = await authenticate(db, { email: " OPS@shop.example ", password: "a long enough password" }, origin("192.0.2.1"));
    expect(result).toMatchObject({ ok: true, operator: { id: created.id, role: "operator" } });
    const audit = await db.auditEntry.findMany({ where: { OR: [{ actorId: created.id }, { targetId: created.id }] }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => [entry.action, entry.outcome, entry.address])).toEqual([
      ["user.create", "OK", null],
      ["auth.sign_in", "OK", "192.0.2.1"],
    ]);
    expect(JSON.stringify(audit)).not.toContain("a long enough password");
  });

  it("refuses a second account for the same email, a short password and an unknown role", async () => {
    await createUser(db, { email: "twice@shop.example", password: "a long enough password", role: "viewer" });
    await expect(createUser(db, { email: "TWICE@shop.example", password: "a long enough password", role: "viewer" })).rejects.toMatchObject({ code: "email_taken" });
    await expect(createUser(db, { email: "short@shop.example", password: "short", role: "viewer" })).rejects.toBeInstanceOf(UserError);
    await expect(createUser(db, { email: "role@shop.example", password: "a long enough password", role: "owner" as never })).rejects.toMatchObject({ code: "invalid_role" });
    await expect(createUser(db, { email: "not an email", password: "a long enough password", role: "viewer" })).rejects.toMatchObject({ code: "invalid_email" });
  });

  it(`locks an account after ${ACCOUNT_POLICY.failures} failures, even for the right password, and not another account`, async () => {
    await createUser(db, { email: "target@shop.example", password: "the right password", role: "admin" });
    await createUser(db, { email: "bystander@shop.example", password: "the right password", role: "viewer" });
    const now = new Date("2026-12-02T10:00:00Z");
    for (let i = 0; i < ACCOUNT_POLICY.failures; i++) {
      expect(await authenticate(db, { email: "target@shop.example", password: `guess ${i}` }, origin(`198.51.100.${i}`), now)).toEqual({ ok: false, reason: "invalid" });
    }
    const locked = await authenticate(db, { email: "target@shop.example", password: "the right password" }, origin("198.51.100.99"), now);
    expect(locked).toEqual({ ok: false, reason: "locked", retryAt: new Date(now.getTime() + ACCOUNT_POLICY.lockMs) });
    expect((await authenticate(db, { email: "bystander@shop.example", password: "the right password" }, origin("198.51.100.99"), now)).ok).toBe(true);
    const later = new Date(now.getTime() + ACCOUNT_POLICY.lockMs + 1);
    expect((await authenticate(db, { email: "target@shop.example", password: "the right password" }, origin("198.51.100.99"), later)).ok).toBe(true);
  });

  it(`locks an address after ${ADDRESS_POLICY.failures} failures across accounts`, async () => {
    await createUser(db, { email: "real@shop.example", password: "the right password", role: "viewer" });
    const now = new Date("2026-12-02T11:00:00Z");
    for (let i = 0; i < ADDRESS_POLICY.failures; i++) await authenticate(db, { email: `nobody${i}@shop.example`, password: "guess" }, origin("203.0.113.50"), now);
    expect(await authenticate(db, { email: "real@shop.example", password: "the right password" }, origin("203.0.113.50"), now)).toMatchObject({ ok: false, reason: "locked" });
    expect((await authenticate(db, { email: "real@shop.example", password: "the right password" }, origin("203.0.113.51"), now)).ok).toBe(true);
  });

  it("ends the sessions of an account whose password was reset", async () => {
    const user = await createUser(db, { email: "reset@shop.example", password: "the old password", role: "viewer" });
    expect(await findSessionOperator(db, user.id, user.sessionVersion)).not.toBeNull();
    await setPassword(db, "reset@shop.example", "the new password!");
    expect(await findSessionOperator(db, user.id, user.sessionVersion)).toBeNull();
    expect((await authenticate(db, { email: "reset@shop.example", password: "the old password" }, origin("192.0.2.9"))).ok).toBe(false);
    expect((await authenticate(db, { email: "reset@shop.example", password: "the new password!" }, origin("192.0.2.9"))).ok).toBe(true);
  });

  it("keeps the audit log append-only: the database refuses to change or delete an entry", async () => {
    const entry = await db.auditEntry.findFirstOrThrow();
    await expect(db.$transaction((tx) => tx.auditEntry.update({ where: { id: entry.id }, data: { outcome: "DENIED" } }))).rejects.toThrow(/append-only/);
    await expect(db.$transaction((tx) => tx.auditEntry.delete({ where: { id: entry.id } }))).rejects.toThrow(/append-only/);
  });
});
