// The audit log as listed against a migrated database: each filter, Beijing days, newest first, and
// each entry's snapshots as readable JSON.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { listAuditEntries } from "./audit-log";
import { parseAuditQuery } from "./audit-query";

const ADMIN = { id: "u1", email: "admin@shop.example", role: "admin" };
const VIEWER = { id: "u2", email: "viewer@shop.example", role: "viewer" };

describe.each(["sqlite", "postgresql"] as const)("the audit log on %s", (provider) => {
  let database: MigratedDatabase;
  let db: Db;
  const list = async (search: string) => (await listAuditEntries(db, parseAuditQuery(Object.fromEntries(new URLSearchParams(search))).query)).rows;
  const actions = async (search: string) => (await list(search)).map((entry) => `${entry.action}:${entry.outcome}`);

  beforeAll(async () => {
    database = await createMigratedDatabase(provider);
    db = createDb(database.url);
    const entry = (at: string, data: { actor: typeof ADMIN; action: string; outcome: string; targetId?: string; before?: string; after?: string; detail?: string }) =>
      db.auditEntry.create({
        data: {
          at: new Date(at),
          actorId: data.actor.id,
          actorEmail: data.actor.email,
          actorRole: data.actor.role,
          action: data.action,
          outcome: data.outcome,
          targetType: data.targetId ? "order" : null,
          targetId: data.targetId ?? null,
          address: "203.0.113.9",
          before: data.before,
          after: data.after,
          detail: data.detail,
        },
      });
    // 15:59:59Z is 23:59:59 in Beijing on 1 December; 16:00Z is already 2 December there.
    await entry("2026-12-01T15:59:59Z", { actor: ADMIN, action: "auth.sign_in", outcome: "OK" });
    await entry("2026-12-01T16:00:00Z", { actor: VIEWER, action: "order.refund", outcome: "DENIED", targetId: "o1", detail: '{"needs":"admin"}' });
    await entry("2026-12-02T08:00:00Z", { actor: ADMIN, action: "order.close", outcome: "OK", targetId: "o1", before: '{"status":"PENDING"}', after: '{"status":"CLOSED"}', detail: '{"outTradeNo":"A1"}' });
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it("lists newest first, each filter narrowing the view", async () => {
    expect(await actions("")).toEqual(["order.close:OK", "order.refund:DENIED", "auth.sign_in:OK"]);
    expect(await actions("action=order.refund")).toEqual(["order.refund:DENIED"]);
    expect(await actions("outcome=OK")).toEqual(["order.close:OK", "auth.sign_in:OK"]);
    expect(await actions("actor=Viewer@Shop.Example")).toEqual(["order.refund:DENIED"]);
    expect(await actions("target=o1")).toEqual(["order.close:OK", "order.refund:DENIED"]);
  });

  it("counts days in Beijing time, the end day included", async () => {
    expect(await actions("to=2026-12-01")).toEqual(["auth.sign_in:OK"]);
    expect(await actions("from=2026-12-02&to=2026-12-02")).toEqual(["order.close:OK", "order.refund:DENIED"]);
  });

  it("shows the snapshots and the detail as JSON, and an order by its number", async () => {
    const [close, refund, signIn] = await list("");
    expect(close).toMatchObject({ before: '{\n  "status": "PENDING"\n}', after: '{\n  "status": "CLOSED"\n}', target: { type: "order", id: "o1", label: "A1" } });
    expect(refund).toMatchObject({ before: null, after: null, detail: '{\n  "needs": "admin"\n}', target: { label: "o1" }, actor: { email: "viewer@shop.example", role: "viewer" } });
    expect(signIn).toMatchObject({ target: null, detail: null, address: "203.0.113.9" });
  });
});
