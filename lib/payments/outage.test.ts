// The database is unavailable while a notification arrives: nothing can be stored, so the reply is
// `failure`, and Alipay's next delivery is applied once the database is back. The outage is real: on
// PostgreSQL the database stops accepting connections and its sessions are cut; on SQLite another
// connection holds the write lock longer than the console waits for it.
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { sqliteFilePath } from "@/prisma/database-url";
import { getTestPostgresUrl } from "@/lib/testing/pg-database";
import { type PaymentsFixture, createPaidableOrder, eventually, pay, usePayments } from "./testing/harness";

type SandboxNotification = { attempts: { outcome: string; http_status: number | null }[]; status: string };

/** Makes the fixture's database unusable; returns how to bring it back. */
async function takeDown(fixture: PaymentsFixture): Promise<() => Promise<void>> {
  if (fixture.provider === "sqlite") {
    const locker = new Database(sqliteFilePath(fixture.database.url, process.cwd()));
    locker.exec("BEGIN EXCLUSIVE");
    return async () => {
      locker.exec("COMMIT");
      locker.close();
    };
  }
  const name = new URL(fixture.database.url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: await getTestPostgresUrl() });
  await admin.connect();
  await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
  return async () => {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await admin.end();
  };
}

describe.each(["sqlite", "postgresql"] as const)("a database outage on %s", (provider) => {
  // Alipay's schedule 100× faster: the first retry comes 2.4 s after a failed delivery.
  const fixture = usePayments(provider, { sandboxEnv: { SANDBOX_TIME_SCALE: "100", SANDBOX_NOTIFY_TIMEOUT_MS: "15000" } });

  it("answers failure while the database is down, and applies Alipay's retry once it is back", { timeout: 60_000 }, async () => {
    const { ctx, sandbox } = fixture();
    const order = await createPaidableOrder(fixture());
    const bringBack = await takeDown(fixture());
    try {
      await pay(fixture(), order.qrCode!);
      await eventually(
        async () => (await sandbox.api<{ notifications: SandboxNotification[] }>("GET", `/api/notifications?out_trade_no=${order.alipayOutTradeNo}`)).json.notifications,
        (rows) => (rows[0]?.attempts.length ?? 0) >= 1,
        30_000,
      );
    } finally {
      await bringBack();
    }
    const paid = await eventually(() => ctx.db.order.findUniqueOrThrow({ where: { id: order.id } }), (o) => o.status === "PAID", 30_000);
    expect(paid.paidFen).toBe(order.amountFen);
    const [delivered] = await eventually(
      async () => (await sandbox.api<{ notifications: SandboxNotification[] }>("GET", `/api/notifications?out_trade_no=${order.alipayOutTradeNo}`)).json.notifications,
      (rows) => rows[0]?.status === "DELIVERED",
    );
    expect(delivered!.attempts[0]!.outcome).not.toBe("DELIVERED");
    const stored = await ctx.db.notification.findMany({ where: { orderId: order.id } });
    expect(stored.map((n) => [n.outcome, n.reply])).toContainEqual(["APPLIED", "success"]);
  });
});
