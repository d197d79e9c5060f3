// Notification intake against the sandbox over real HTTP, on SQLite and on PostgreSQL: what Alipay
// really sends (duplicates, reordering, delays, GBK, forgeries, other apps, tampered amounts) and what
// nobody should send (junk), each with the outcome recorded and the right reply.
import { describe, expect, it, vi } from "vitest";
import { formatYuan } from "@/lib/money";
import { closeOrder } from "./close";
import type { PaymentsContext } from "./context";
import { requestRefund } from "./refunds";
import { syncOrder } from "./sync";
import { runWorkerPass } from "@/lib/worker/worker";
import { createDb, getDriver } from "@/lib/db";
import { pokeFeed } from "@/lib/events/feed";
import { receiveNotification } from "./notify";
import { inTransaction, run } from "./driver";
import { addFault, createPaidableOrder, eventually, pay, postNotification, signedNotification, testOutTradeNo, usePayments } from "./testing/harness";

// The live feed's poke, watched: every commit that changes an order must be followed by one.
vi.mock("@/lib/events/feed", async (importOriginal) => {
  const feed = await importOriginal<typeof import("@/lib/events/feed")>();
  return { ...feed, pokeFeed: vi.fn(feed.pokeFeed) };
});

const notificationsOf = (ctx: PaymentsContext, orderId: string) => ctx.db.notification.findMany({ where: { orderId }, orderBy: { id: "asc" } });

describe.each(["sqlite", "postgresql"] as const)("notification intake on %s", (provider) => {
  const fixture = usePayments(provider);
  const ctx = () => fixture().ctx;
  const orderOf = (id: string) => ctx().db.order.findUniqueOrThrow({ where: { id } });
  /** What the app's worker does when woken: one pass. */
  const workerPass = () => runWorkerPass(ctx(), "test-worker");

  it("applies one fact once when ten identical notifications arrive at the same time", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 2000 });
    const body = signedNotification(fixture(), {
      out_trade_no: order.alipayOutTradeNo!,
      trade_no: `2026${Date.now()}`,
      trade_status: "TRADE_SUCCESS",
      total_amount: "20.00",
      gmt_payment: "2026-11-24 10:00:00",
    });
    const replies = await Promise.all(Array.from({ length: 10 }, () => postNotification(fixture(), body)));
    expect(replies.map((r) => r.text)).toEqual(Array(10).fill("success"));
    const outcomes = (await notificationsOf(ctx(), order.id)).map((n) => n.outcome).sort();
    expect(outcomes).toEqual(["APPLIED", ...Array(9).fill("DUPLICATE")]);
    const paid = await orderOf(order.id);
    expect(paid).toMatchObject({ status: "PAID", paidFen: 2000, anomalies: "" });
    expect(await ctx().db.orderEvent.count({ where: { orderId: order.id, type: "FACT_APPLIED" } })).toBe(1);
  });

  // Two app instances share one database in production on PostgreSQL only.
  if (provider === "postgresql") it("applies each fact once when two app instances take the same notifications at the same time", async () => {
    // A second instance: its own client, pool and batches, on the same database.
    const other: PaymentsContext = { ...ctx(), db: createDb(fixture().database.url) };
    try {
      const orders = await Promise.all(Array.from({ length: 6 }, (_, i) => createPaidableOrder(fixture(), { amount: 100 + i })));
      const tradeNos = orders.map((_, i) => `2026${Date.now()}${i}`);
      const bodies = orders.map((order, i) =>
        signedNotification(fixture(), { out_trade_no: order.alipayOutTradeNo!, trade_no: tradeNos[i]!, trade_status: "TRADE_SUCCESS", total_amount: formatYuan(100 + i) }),
      );
      const incoming = (body: Buffer) => ({ body, contentType: "application/x-www-form-urlencoded", sourceAddress: null });
      // Each instance gets every notification, all at once: batches on both sides, the same facts racing.
      const results = await Promise.all([...bodies.map((body) => receiveNotification(ctx(), incoming(body))), ...bodies.map((body) => receiveNotification(other, incoming(body)))]);
      expect(results.map((result) => (result.ok ? result.result.reply : "failed"))).toEqual(Array(12).fill("success"));
      // Then a late WAIT_BUYER_PAY for each, to both: nothing new, but its key is, so both instances insert it at once.
      const stale = orders.map((order, i) =>
        signedNotification(fixture(), { out_trade_no: order.alipayOutTradeNo!, trade_no: tradeNos[i]!, trade_status: "WAIT_BUYER_PAY", total_amount: formatYuan(100 + i) }),
      );
      const late = await Promise.all([...stale.map((body) => receiveNotification(ctx(), incoming(body))), ...stale.map((body) => receiveNotification(other, incoming(body)))]);
      expect(late.map((result) => (result.ok ? result.result.reply : "failed"))).toEqual(Array(12).fill("success"));
      for (const order of orders) {
        const outcomes = (await notificationsOf(ctx(), order.id)).map((n) => n.outcome).sort();
        expect(outcomes).toEqual(["APPLIED", "DUPLICATE", "DUPLICATE", "DUPLICATE"]);
        expect(await ctx().db.appliedFact.count({ where: { orderId: order.id } })).toBe(2);
        expect(await orderOf(order.id)).toMatchObject({ status: "PAID", paidFen: order.amountFen });
        expect(await ctx().db.orderEvent.count({ where: { orderId: order.id, type: "FACT_APPLIED" } })).toBe(1);
      }
    } finally {
      await other.db.$disconnect();
    }
  });

  it("commits the driver transactions that arrive together one by one in effect: a failing or declined one undoes only its own writes", async () => {
    const driver = await getDriver(ctx().db);
    const marker = `batch-${provider}-${Date.now()}`;
    const insert = (table: (name: string) => string, label: string) =>
      run(`INSERT INTO ${table("Notification")} ("receivedAt", "rawBody", "bodySize", "truncated", "outcome", "error") VALUES (?, ?, 0, ?, 'RECEIVED', ?)`, [new Date(), Buffer.alloc(0), false, `${marker}-${label}`]);
    // Issued in one tick: on SQLite they share one transaction (group commit).
    const [kept, failed, declined, after] = await Promise.allSettled([
      inTransaction(driver, function* (table) {
        yield insert(table, "kept");
        return "kept";
      }),
      inTransaction(driver, function* (table) {
        yield insert(table, "failed");
        yield run(`INSERT INTO ${table("NoSuchTable")} ("x") VALUES (?)`, [1]);
        return "unreachable";
      }),
      inTransaction(driver, function* (table) {
        yield insert(table, "declined");
        return null;
      }),
      inTransaction(driver, function* (table) {
        yield insert(table, "after");
        return "after";
      }),
    ]);
    expect(kept).toEqual({ status: "fulfilled", value: "kept" });
    expect(failed.status).toBe("rejected");
    expect(declined).toEqual({ status: "fulfilled", value: null });
    expect(after).toEqual({ status: "fulfilled", value: "after" });
    const rows = await ctx().db.notification.findMany({ where: { error: { startsWith: marker } }, select: { error: true } });
    expect(rows.map((row) => row.error).sort()).toEqual([`${marker}-after`, `${marker}-kept`]);
  });

  it("takes the common case on the driver directly, and everything unusual through Prisma, with the same records", async () => {
    const paths: string[] = [];
    const log = ctx().log;
    ctx().log = { ...log, info: (event, fields) => void (event === "alipay.notify.processed" && paths.push(String(fields?.path))), warn: () => {} };
    try {
      const order = await createPaidableOrder(fixture(), { amount: 1000 });
      const common = { out_trade_no: order.alipayOutTradeNo!, trade_no: `2026${Date.now()}`, total_amount: "10.00" };
      await postNotification(fixture(), signedNotification(fixture(), { ...common, trade_status: "TRADE_SUCCESS", gmt_payment: "2026-11-24 10:00:00", buyer_id: "2088000000000777" }));
      await postNotification(fixture(), signedNotification(fixture(), { ...common, trade_status: "TRADE_SUCCESS" }));
      await postNotification(fixture(), signedNotification(fixture(), { ...common, trade_status: "TRADE_SUCCESS", refund_fee: "1.00", out_biz_no: "Z1" }));
      expect(paths).toEqual(["driver", "driver", "prisma"]);
      // The raw insert's commit skips the WAL flush the processing commit then does.
      const driver = await getDriver(ctx().db);
      if (driver.kind === "sqlite") {
        // FULL again after it.
        const [row] = await ctx().db.$queryRawUnsafe<Record<string, unknown>[]>("PRAGMA synchronous");
        expect(Number(Object.values(row!)[0])).toBe(2);
      } else {
        // Its own connections only; every other commit keeps the server's setting (on, in production).
        expect((await driver.lazyCommitPool().query("SHOW synchronous_commit")).rows[0]).toEqual({ synchronous_commit: "off" });
        const setting = "SELECT setting = reset_val AS unchanged FROM pg_settings WHERE name = 'synchronous_commit'";
        expect((await driver.pool.query(setting)).rows[0]).toEqual({ unchanged: true });
      }
      const paid = await orderOf(order.id);
      expect(paid).toMatchObject({ status: "PAID", paidFen: 1000, refundedFen: 100, buyerId: "2088000000000777", version: order.version + 2 });
      expect(paid.paidAt!.toISOString()).toBe("2026-11-24T02:00:00.000Z");
      const rows = await notificationsOf(ctx(), order.id);
      expect(rows.map((n) => [n.outcome, n.reply, n.signature, n.charset])).toEqual([
        ["APPLIED", "success", "VALID", "utf-8"],
        ["DUPLICATE", "success", "VALID", "utf-8"],
        ["APPLIED", "success", "VALID", "utf-8"],
      ]);
      expect(rows[0]!.receivedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(rows[0]!.processedAt).not.toBeNull();
      expect(JSON.parse(rows[0]!.checks!).map((c: { check: string }) => c.check)).toEqual(JSON.parse(rows[2]!.checks!).map((c: { check: string }) => c.check));
      const events = await ctx().db.orderEvent.findMany({ where: { orderId: order.id, type: "FACT_APPLIED" }, orderBy: { id: "asc" } });
      expect(events.map((e) => [e.source, e.notificationId])).toEqual([
        ["NOTIFY", rows[0]!.id],
        ["NOTIFY", rows[2]!.id],
      ]);
    } finally {
      ctx().log = log;
    }
  });

  it("tells the console's live pages of a payment the moment it is applied, on the driver's path too", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 500 });
    vi.mocked(pokeFeed).mockClear();
    const body = signedNotification(fixture(), { out_trade_no: order.alipayOutTradeNo!, trade_no: `2026${Date.now()}`, trade_status: "TRADE_SUCCESS", total_amount: "5.00" });
    expect((await postNotification(fixture(), body)).text).toBe("success");
    expect((await orderOf(order.id)).status).toBe("PAID");
    // Without a poke the feed reads the payment only at its fallback poll (every 2 s on PostgreSQL).
    expect(pokeFeed).toHaveBeenCalled();
  });

  it("records the sandbox's duplicated deliveries as duplicates", async () => {
    const order = await createPaidableOrder(fixture());
    await addFault(fixture(), { kind: "duplicate", outTradeNo: order.alipayOutTradeNo!, params: { times: 3 } });
    await pay(fixture(), order.qrCode!);
    const rows = await eventually(() => notificationsOf(ctx(), order.id), (rows) => rows.length === 4 && rows.every((n) => n.outcome !== "RECEIVED"));
    expect(rows.map((n) => n.outcome).sort()).toEqual(["APPLIED", "DUPLICATE", "DUPLICATE", "DUPLICATE"]);
    expect(new Set(rows.map((n) => n.notifyId)).size).toBe(1);
    expect((await orderOf(order.id)).status).toBe("PAID");
  });

  it("lands a refund notification that overtook its payment's, and calls the late payment stale", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 1000 });
    await addFault(fixture(), { kind: "out_of_order", outTradeNo: order.alipayOutTradeNo!, event: "PAYMENT", params: { holdSeconds: 86_400 } });
    await pay(fixture(), order.qrCode!);
    // The payment notification is held back: the order learns it was paid by asking.
    expect((await syncOrder(ctx(), order.id, "API")).order.status).toBe("PAID");
    const refund = await requestRefund(ctx(), order.id, { amount: 300, requestNo: "R1" }, "API");
    expect(refund.refund.status).toBe("SUCCEEDED");
    // Now the refund notification goes out, and the held payment notification after it.
    const rows = await eventually(() => notificationsOf(ctx(), order.id), (rows) => rows.length === 2 && rows.every((n) => n.outcome !== "RECEIVED"));
    // The refund notice may beat the refund's own answer (APPLIED) or follow it (DUPLICATE); the payment
    // notice, last, states a fact the query already applied.
    expect(rows.map((n) => [n.tradeStatus, n.outBizNo])).toEqual([
      ["TRADE_SUCCESS", "R1"],
      ["TRADE_SUCCESS", null],
    ]);
    expect(["APPLIED", "DUPLICATE"]).toContain(rows[0]!.outcome);
    expect(rows[1]!.outcome).toBe("DUPLICATE");
    expect(await orderOf(order.id)).toMatchObject({ status: "PAID", paidFen: 1000, refundedFen: 300, refundPendingFen: 0 });
  });

  it("applies a refund notice that arrives before the payment notice, and keeps the refund", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 1000 });
    const tradeNo = `2026${Date.now()}`;
    const common = { out_trade_no: order.alipayOutTradeNo!, trade_no: tradeNo, total_amount: "10.00", gmt_payment: "2026-11-24 10:00:00" };
    const refundNotice = signedNotification(fixture(), { ...common, trade_status: "TRADE_SUCCESS", refund_fee: "4.00", out_biz_no: "X1", gmt_refund: "2026-11-24 10:05:00.123" });
    const paymentNotice = signedNotification(fixture(), { ...common, trade_status: "TRADE_SUCCESS" });
    expect((await postNotification(fixture(), refundNotice)).text).toBe("success");
    expect((await postNotification(fixture(), paymentNotice)).text).toBe("success");
    expect((await notificationsOf(ctx(), order.id)).map((n) => n.outcome)).toEqual(["APPLIED", "STALE"]);
    expect(await orderOf(order.id)).toMatchObject({ status: "PAID", paidFen: 1000, refundedFen: 400 });
  });

  it("applies a delayed notification when it comes", async () => {
    const order = await createPaidableOrder(fixture());
    await addFault(fixture(), { kind: "delay", outTradeNo: order.alipayOutTradeNo!, params: { seconds: 3600 } });
    await pay(fixture(), order.qrCode!);
    await eventually(() => orderOf(order.id), (o) => o.status === "PAID");
    expect((await notificationsOf(ctx(), order.id)).map((n) => n.outcome)).toEqual(["APPLIED"]);
  });

  it("never lets a notification with a bad signature change the order, answers failure, and asks Alipay instead", async () => {
    const order = await createPaidableOrder(fixture());
    // Every delivery of this notification is corrupted: only asking Alipay can tell.
    await addFault(fixture(), { kind: "bad_signature", outTradeNo: order.alipayOutTradeNo! });
    await pay(fixture(), order.qrCode!);
    const [first] = await eventually(() => notificationsOf(ctx(), order.id), (rows) => rows.length >= 1 && rows[0]!.outcome !== "RECEIVED");
    expect(first).toMatchObject({ signature: "INVALID", outcome: "REJECTED", reply: "failure" });
    // The order follows what Alipay says when asked: the bad notification woke the worker, due now.
    expect((await orderOf(order.id)).status).toBe("PENDING");
    expect(fixture().wakes.count).toBeGreaterThan(0);
    await workerPass();
    const paid = await orderOf(order.id);
    expect(paid).toMatchObject({ status: "PAID", paidFen: order.amountFen });
    const events = await ctx().db.orderEvent.findMany({ where: { orderId: order.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => `${e.type}:${e.source}`)).toEqual(expect.arrayContaining(["QUERIED:WORKER", "FACT_APPLIED:WORKER"]));
    const rows = await notificationsOf(ctx(), order.id);
    expect(rows.every((n) => n.signature === "INVALID" && n.reply === "failure")).toBe(true);
  });

  it("does not let forged notifications make the console flood Alipay with queries", async () => {
    const order = await createPaidableOrder(fixture());
    const forged = () => postNotification(fixture(), `out_trade_no=${order.alipayOutTradeNo}&trade_status=TRADE_SUCCESS&total_amount=12.34&sign=AAAA&sign_type=RSA2`);
    const wakes = fixture().wakes.count;
    expect((await forged()).text).toBe("failure");
    expect(fixture().wakes.count).toBe(wakes + 1);
    await workerPass();
    const queried = await ctx().db.gatewayCall.count({ where: { orderId: order.id, method: "alipay.trade.query" } });
    expect(queried).toBe(1);
    for (let i = 0; i < 5; i++) expect((await forged()).text).toBe("failure");
    expect(fixture().wakes.count).toBe(wakes + 1);
    expect((await orderOf(order.id)).nextCheckAt!.getTime()).toBeGreaterThan(ctx().now().getTime());
    await workerPass();
    expect(await ctx().db.gatewayCall.count({ where: { orderId: order.id, method: "alipay.trade.query" } })).toBe(queried);
  });

  it("answers failure for a notification signed with another key", async () => {
    const order = await createPaidableOrder(fixture());
    await addFault(fixture(), { kind: "other_key", outTradeNo: order.alipayOutTradeNo!, count: 1 });
    await pay(fixture(), order.qrCode!);
    const [first] = await eventually(() => notificationsOf(ctx(), order.id), (rows) => rows.length >= 1 && rows[0]!.outcome !== "RECEIVED");
    expect(first).toMatchObject({ signature: "INVALID", outcome: "REJECTED", reply: "failure" });
    await workerPass();
    expect((await orderOf(order.id)).status).toBe("PAID");
  });

  it("rejects a genuine notification for another app, answers success, and the order follows the query", async () => {
    const order = await createPaidableOrder(fixture());
    await addFault(fixture(), { kind: "wrong_app_id", outTradeNo: order.alipayOutTradeNo!, count: 1 });
    await pay(fixture(), order.qrCode!);
    const [first] = await eventually(() => notificationsOf(ctx(), order.id), (rows) => rows.length >= 1 && rows[0]!.outcome !== "RECEIVED");
    expect(first).toMatchObject({ signature: "VALID", outcome: "REJECTED", reply: "success" });
    expect(JSON.parse(first!.checks!)).toContainEqual(expect.objectContaining({ check: "app_id", ok: false }));
    await workerPass();
    expect((await orderOf(order.id)).status).toBe("PAID");
  });

  it("flags a genuine notification whose amount does not match the order, and does not apply it", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 1500 });
    await addFault(fixture(), { kind: "tampered_amount", outTradeNo: order.alipayOutTradeNo!, count: 1, params: { amount: "0.01" } });
    await pay(fixture(), order.qrCode!);
    const [first] = await eventually(() => notificationsOf(ctx(), order.id), (rows) => rows.length >= 1 && rows[0]!.outcome !== "RECEIVED");
    expect(first).toMatchObject({ signature: "VALID", outcome: "REJECTED", reply: "success" });
    await workerPass();
    const paid = await orderOf(order.id);
    expect(paid).toMatchObject({ status: "PAID", paidFen: 1500 });
    expect(paid.anomalies).toContain("AMOUNT_MISMATCH");
  });

  it("decodes and verifies a GBK notification", async () => {
    const order = await createPaidableOrder(fixture());
    await addFault(fixture(), { kind: "gbk", outTradeNo: order.alipayOutTradeNo! });
    await pay(fixture(), order.qrCode!);
    const [first] = await eventually(() => notificationsOf(ctx(), order.id), (rows) => rows.length >= 1 && rows[0]!.outcome !== "RECEIVED");
    expect(first).toMatchObject({ charset: "gbk", signature: "VALID", outcome: "APPLIED", reply: "success" });
    expect(Buffer.from(first!.rawBody).includes(Buffer.from("%B2%E2%CA%D4"))).toBe(true); // 测试 in GBK
  });

  it("records a genuine notification for an order it does not know, and answers success", async () => {
    const outTradeNo = testOutTradeNo("NOPE");
    const body = signedNotification(fixture(), { out_trade_no: outTradeNo, trade_no: "2026000001", trade_status: "TRADE_SUCCESS", total_amount: "1.00" });
    expect(await postNotification(fixture(), body)).toEqual({ status: 200, text: "success" });
    const row = await ctx().db.notification.findFirstOrThrow({ where: { outTradeNo } });
    expect(row).toMatchObject({ signature: "VALID", outcome: "UNKNOWN_ORDER", orderId: null });
  });

  it("takes a payment after a local close as real money, and flags it", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 800 });
    expect((await closeOrder(ctx(), order.id, "API")).order.status).toBe("CLOSED");
    const body = signedNotification(fixture(), { out_trade_no: order.alipayOutTradeNo!, trade_no: `2026${Date.now()}`, trade_status: "TRADE_SUCCESS", total_amount: formatYuan(800) });
    expect((await postNotification(fixture(), body)).text).toBe("success");
    const paid = await orderOf(order.id);
    expect(paid).toMatchObject({ status: "PAID", paidFen: 800, anomalies: "PAID_AFTER_CLOSE" });
    expect(await ctx().db.orderEvent.count({ where: { orderId: order.id, type: "ANOMALY" } })).toBe(1);
  });

  it("lands partial refunds, the full refund and a late TRADE_FINISHED", async () => {
    const order = await createPaidableOrder(fixture(), { amount: 1000 });
    const tradeNo = `2026${Date.now()}`;
    const common = { out_trade_no: order.alipayOutTradeNo!, trade_no: tradeNo, total_amount: "10.00" };
    const send = async (params: Record<string, string>) => (await postNotification(fixture(), signedNotification(fixture(), { ...common, ...params }))).text;
    expect(await send({ trade_status: "TRADE_SUCCESS" })).toBe("success");
    expect(await send({ trade_status: "TRADE_SUCCESS", refund_fee: "3.00", out_biz_no: "A" })).toBe("success");
    expect(await orderOf(order.id)).toMatchObject({ status: "PAID", refundedFen: 300 });
    expect(await send({ trade_status: "TRADE_CLOSED", refund_fee: "10.00", out_biz_no: "B", gmt_refund: "2026-11-24 11:00:00.500" })).toBe("success");
    expect(await orderOf(order.id)).toMatchObject({ status: "REFUNDED", refundedFen: 1000 });
    expect(await send({ trade_status: "TRADE_FINISHED" })).toBe("success");
    expect((await notificationsOf(ctx(), order.id)).map((n) => n.outcome)).toEqual(["APPLIED", "APPLIED", "APPLIED", "APPLIED"]);
    expect(await orderOf(order.id)).toMatchObject({ status: "REFUNDED", refundedFen: 1000, finished: true });
  });

  describe("bad input gets a recorded outcome and no crash", () => {
    const cases: [string, Buffer | string, string | undefined][] = [
      ["junk bytes", Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x25]), "application/octet-stream"],
      ["invalid percent-encoding", "a=%ZZ&sign=abc", undefined],
      ["duplicate keys", "out_trade_no=1&out_trade_no=2&sign=abc", undefined],
      ["JSON instead of a form", JSON.stringify({ out_trade_no: "1" }), "application/json"],
      ["an empty body", "", undefined],
    ];
    it.each(cases)("%s", async (_name, body, contentType) => {
      const bytes = typeof body === "string" ? Buffer.from(body) : body;
      const reply = await postNotification(fixture(), body, contentType);
      expect(reply).toEqual({ status: 200, text: "failure" });
      const recent = await ctx().db.notification.findMany({ orderBy: { id: "desc" }, take: 10 });
      const row = recent.find((n) => Buffer.from(n.rawBody).equals(bytes) && n.contentType === (contentType ?? "application/x-www-form-urlencoded; charset=utf-8"))!;
      expect(row).toBeDefined();
      expect(row.outcome).toBe("REJECTED");
      expect(["MALFORMED", "MISSING"]).toContain(row.signature);
      expect(row.reply).toBe("failure");
    });

    it("a genuine notification with missing fields", async () => {
      const outTradeNo = testOutTradeNo();
      const body = signedNotification(fixture(), { out_trade_no: outTradeNo, trade_status: "TRADE_SUCCESS" });
      expect((await postNotification(fixture(), body)).text).toBe("success");
      const row = await ctx().db.notification.findFirstOrThrow({ where: { outTradeNo }, orderBy: { id: "desc" } });
      expect(row).toMatchObject({ signature: "VALID", outcome: "REJECTED" });
      expect(row.error).toMatch(/trade_no is missing/);
    });

    it("a body over the size cap is stored cut short, with its real size", async () => {
      const cap = ctx().settings.maxNotificationBytes;
      const reply = await postNotification(fixture(), `a=${"x".repeat(cap * 2)}`);
      expect(reply.text).toBe("failure");
      const row = await ctx().db.notification.findFirstOrThrow({ where: { bodySize: cap * 2 + 2 }, orderBy: { id: "desc" } });
      expect(row).toMatchObject({ truncated: true, outcome: "REJECTED", signature: "MALFORMED" });
      expect(row.rawBody.length).toBeLessThanOrEqual(cap + 1);
    });
  });
});
