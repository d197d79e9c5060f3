// An admin's changes to accounts against a migrated database, on SQLite and PostgreSQL: each ends the
// account's sessions, keeps an active admin, refuses changing oneself, and is audited before and after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { changeUser, userChangeSchema } from "./manage-users";
import { authenticate, createUser, findSessionOperator, type Operator } from "./users";

const origin = { address: "192.0.2.9", userAgent: "vitest" };
const PASSWORD = "a long enough password";

describe.each(["sqlite", "postgresql"] as const)("managing accounts on %s", (provider) => {
  let database: MigratedDatabase;
  let db: Db;
  let admin: Operator;
  beforeAll(async () => {
    database = await createMigratedDatabase(provider);
    db = createDb(database.url);
    admin = await createUser(db, { email: "boss@shop.example", password: PASSWORD, role: "admin" });
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });
  const by = () => ({ operator: admin, origin });

  it("changes a role, ends the account's sessions and audits before and after", async () => {
    const ops = await createUser(db, { email: "ops@shop.example", password: PASSWORD, role: "viewer" });
    expect(await findSessionOperator(db, ops.id, ops.sessionVersion)).not.toBeNull();
    const { user } = await changeUser(db, ops.id, { change: "role", role: "operator" }, by());
    expect(user.role).toBe("operator");
    expect(await findSessionOperator(db, ops.id, ops.sessionVersion)).toBeNull();
    expect(await findSessionOperator(db, ops.id, ops.sessionVersion + 1)).toMatchObject({ role: "operator" });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "user.update", targetId: ops.id }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ actorEmail: admin.email, outcome: "OK", address: origin.address });
    expect(JSON.parse(entry.before!)).toMatchObject({ role: "viewer", disabled: false });
    expect(JSON.parse(entry.after!)).toMatchObject({ role: "operator" });
  });

  it("disables an account so it cannot sign in, and enables it again", async () => {
    const temp = await createUser(db, { email: "temp@shop.example", password: PASSWORD, role: "viewer" });
    await changeUser(db, temp.id, { change: "disable" }, by());
    expect(await authenticate(db, { email: temp.email, password: PASSWORD }, origin)).toMatchObject({ ok: false });
    await changeUser(db, temp.id, { change: "enable" }, by());
    expect(await authenticate(db, { email: temp.email, password: PASSWORD }, origin)).toMatchObject({ ok: true });
  });

  it("sets a generated password, returned once and never written to the audit log", async () => {
    const forgetful = await createUser(db, { email: "forgetful@shop.example", password: PASSWORD, role: "viewer" });
    const { password } = await changeUser(db, forgetful.id, { change: "reset_password" }, by());
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await authenticate(db, { email: forgetful.email, password: PASSWORD }, origin)).toMatchObject({ ok: false });
    expect(await authenticate(db, { email: forgetful.email, password: password! }, origin)).toMatchObject({ ok: true });
    const entries = await db.auditEntry.findMany({ where: { targetId: forgetful.id } });
    expect(JSON.stringify(entries)).not.toContain(password);
  });

  it("keeps one active admin and refuses an admin's change to their own role or account", async () => {
    await expect(changeUser(db, admin.id, { change: "disable" }, by())).rejects.toMatchObject({ code: "own_account" });
    await expect(changeUser(db, admin.id, { change: "role", role: "viewer" }, by())).rejects.toMatchObject({ code: "own_account" });
    const second = await createUser(db, { email: "second@shop.example", password: PASSWORD, role: "admin" });
    const secondBy = { operator: second, origin };
    // The first admin can be demoted by the second while the second remains; the second then cannot be.
    await changeUser(db, admin.id, { change: "role", role: "operator" }, secondBy);
    const third = await createUser(db, { email: "third@shop.example", password: PASSWORD, role: "operator" });
    await expect(changeUser(db, second.id, { change: "disable" }, { operator: third, origin })).rejects.toMatchObject({ code: "last_admin" });
    await changeUser(db, admin.id, { change: "role", role: "admin" }, secondBy);
  });

  it("refuses a change it does not know and an account that does not exist", async () => {
    expect(userChangeSchema.safeParse({ change: "role", role: "owner" }).success).toBe(false);
    expect(userChangeSchema.safeParse({ change: "delete" }).success).toBe(false);
    await expect(changeUser(db, "no-such-id", { change: "enable" }, by())).rejects.toMatchObject({ code: "not_found" });
  });
});
