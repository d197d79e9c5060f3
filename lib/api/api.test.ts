// The public API v1 and the notify route, called as Next calls them (the route modules' handlers with a
// Request), against the sandbox, on SQLite and on PostgreSQL.
import { describe, expect, it, beforeAll } from "vitest";
import { POST as notifyRoute } from "@/app/api/alipay/notify/route";
import { GET as listNotificationsRoute } from "@/app/api/v1/notifications/route";
import { POST as closeRoute } from "@/app/api/v1/orders/[outTradeNo]/close/route";
import { POST as refundRoute } from "@/app/api/v1/orders/[outTradeNo]/refunds/route";
import { GET as getOrderRoute } from "@/app/api/v1/orders/[outTradeNo]/route";
import { POST as syncRoute } from "@/app/api/v1/orders/[outTradeNo]/sync/route";
import { POST as createRoute } from "@/app/api/v1/orders/route";
import { createApiKey, revokeApiKey } from "@/lib/payments/api-keys";
import { eventually, pay, signedNotification, testOutTradeNo, usePayments } from "@/lib/payments/testing/harness";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(["sqlite", "postgresql"] as const)("API v1 on %s", (provider) => {
  const fixture = usePayments(provider);
  let key = "";
  beforeAll(async () => {
    // The routes use the process-wide context: this file's.
    (globalThis as { consolePayments?: unknown }).consolePayments = fixture().ctx;
    key = (await createApiKey(fixture().ctx.db, "tests")).key;
  });

  const call = async (
    handler: (request: Request, route: { params: Promise<never> }) => Promise<Response>,
    path: string,
    init: { method?: string; body?: unknown; params?: Record<string, string>; auth?: string | null; contentType?: string } = {},
  ) => {
    const headers: Record<string, string> = {};
    if (init.auth !== null) headers.authorization = `Bearer ${init.auth ?? key}`;
    if (init.body !== undefined) headers["content-type"] = init.contentType ?? "application/json";
    const request = new Request(`http://console.test${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers,
      body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
    });
    const response = await handler(request, { params: Promise.resolve((init.params ?? {}) as never) });
    return { status: response.status, json: (await response.json()) as Json };
  };
  const createOrder = (body: unknown, init: { auth?: string | null; contentType?: string } = {}) => call(createRoute, "/api/v1/orders", { body, ...init });

  describe("authentication", () => {
    it("refuses a request without a key, with a bad key, and with a revoked key", async () => {
      expect(await createOrder({ amount: "1.00", subject: "x" }, { auth: null })).toMatchObject({ status: 401, json: { error: { code: "UNAUTHENTICATED" } } });
      expect((await createOrder({ amount: "1.00", subject: "x" }, { auth: "afc_nope" })).status).toBe(401);
      const revoked = await createApiKey(fixture().ctx.db, "revoked");
      await revokeApiKey(fixture().ctx.db, revoked.prefix);
      expect((await createOrder({ amount: "1.00", subject: "x" }, { auth: revoked.key })).status).toBe(401);
    });
  });

  describe("POST /api/v1/orders", () => {
    it("creates (201), repeats (200, same order) and refuses another request under the same number (409)", async () => {
      const outTradeNo = testOutTradeNo("A");
      const body = { outTradeNo, amount: "12.34", subject: "商品", body: "desc", timeoutMinutes: 15, returnUrl: "https://shop.example/done" };
      const created = await createOrder(body);
      expect(created.status).toBe(201);
      expect(Object.keys(created.json).sort()).toEqual(["amount", "checkoutUrl", "createdAt", "expiresAt", "id", "outTradeNo", "qrCode", "status", "storeId", "subject", "terminalId"]);
      expect(created.json).toMatchObject({ outTradeNo, amount: "12.34", status: "PENDING", subject: "商品", storeId: null, terminalId: null, checkoutUrl: `http://console.test/checkout/${created.json.id}` });
      expect(created.json.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const again = await createOrder(body);
      expect(again).toMatchObject({ status: 200, json: { id: created.json.id, qrCode: created.json.qrCode } });
      const conflict = await createOrder({ ...body, amount: "12.35" });
      expect(conflict).toMatchObject({ status: 409, json: { error: { code: "CONFLICT" } } });
    });

    it("makes up an outTradeNo when none is sent", async () => {
      const created = await createOrder({ amount: "0.01", subject: "no number" });
      expect(created.status).toBe(201);
      expect(created.json.outTradeNo).toMatch(/^\d{22}$/);
    });

    it("validates as Alipay would, naming each bad field", async () => {
      const bad = await createOrder({ outTradeNo: "has-dash", amount: "0.001", subject: "x".repeat(257), timeoutMinutes: 121, extra: 1, storeId: "SH 001", terminalId: "T".repeat(33) });
      expect(bad.status).toBe(400);
      expect(bad.json.error.code).toBe("INVALID_REQUEST");
      expect(Object.keys(bad.json.error.details).sort()).toEqual(["(body)", "amount", "outTradeNo", "storeId", "subject", "terminalId", "timeoutMinutes"]);
      for (const amount of ["0.00", "100000000.01", "1e3", "-1", "1.234", 12]) expect((await createOrder({ amount, subject: "x" })).status).toBe(400);
      expect((await createOrder({ amount: "100000000.00", subject: "max" })).status).toBe(201);
      expect(await createOrder("{not json")).toMatchObject({ status: 400, json: { error: { code: "INVALID_JSON" } } });
      expect(await createOrder({ amount: "1.00", subject: "x" }, { contentType: "text/plain" })).toMatchObject({ status: 415 });
    });
  });

  describe("an order's life through the API", () => {
    it("reads, syncs, refunds, and lists its notifications", async () => {
      const outTradeNo = testOutTradeNo("L");
      const created = await createOrder({ outTradeNo, amount: "10.00", subject: "life" });
      const params = { outTradeNo };
      expect((await call(getOrderRoute, `/api/v1/orders/${outTradeNo}`, { params })).json).toMatchObject({ status: "PENDING", scanned: false, paidAmount: "0.00", anomalies: [] });
      expect((await call(syncRoute, `/api/v1/orders/${outTradeNo}/sync`, { params, method: "POST" })).json).toMatchObject({ alipay: "NOT_SCANNED", changes: [] });

      await pay(fixture(), created.json.qrCode);
      await eventually(() => call(getOrderRoute, `/api/v1/orders/${outTradeNo}`, { params }), (r) => r.json.status === "PAID");
      const order = (await call(getOrderRoute, `/api/v1/orders/${outTradeNo}`, { params })).json;
      expect(order).toMatchObject({ status: "PAID", scanned: true, paidAmount: "10.00", refundedAmount: "0.00" });
      expect(order.tradeNo).toMatch(/^\d+$/);
      expect(order.events.map((e: Json) => e.type)).toEqual(["CREATED", "QR_ISSUED", "QUERIED", "FACT_APPLIED"]);

      const refund = await call(refundRoute, `/api/v1/orders/${outTradeNo}/refunds`, { params, body: { amount: "3.00", requestNo: "R1", reason: "damaged" } });
      expect(refund).toMatchObject({ status: 201, json: { refund: { requestNo: "R1", amount: "3.00", status: "SUCCEEDED" }, order: { refundedAmount: "3.00" } } });
      expect((await call(refundRoute, `/api/v1/orders/${outTradeNo}/refunds`, { params, body: { amount: "3.00", requestNo: "R1", reason: "damaged" } })).status).toBe(200);
      expect(await call(refundRoute, `/api/v1/orders/${outTradeNo}/refunds`, { params, body: { amount: "7.01" } })).toMatchObject({
        status: 409,
        json: { error: { code: "REFUND_EXCEEDS_PAID", details: { refundable: "7.00" } } },
      });
      expect(await call(closeRoute, `/api/v1/orders/${outTradeNo}/close`, { params, method: "POST" })).toMatchObject({ status: 409 });

      const log = await eventually(
        () => call(listNotificationsRoute, `/api/v1/notifications?outTradeNo=${outTradeNo}`),
        (r) => r.json.notifications.length === 2,
      );
      const [newest] = log.json.notifications;
      expect(newest).toMatchObject({ outTradeNo, signature: "VALID", reply: "success", tradeStatus: "TRADE_SUCCESS" });
      expect(Object.keys(newest)).toEqual(expect.arrayContaining(["id", "receivedAt", "notifyId", "checks", "outcome"]));
      expect(newest.checks).toContainEqual({ check: "total_amount", ok: true, detail: "1000 fen vs 1000 fen ordered" });
    });

    it("answers 404 for an order that does not exist", async () => {
      const params = { outTradeNo: "nope" };
      expect(await call(getOrderRoute, "/api/v1/orders/nope", { params })).toMatchObject({ status: 404, json: { error: { code: "NOT_FOUND" } } });
      expect((await call(refundRoute, "/api/v1/orders/nope/refunds", { params, body: { amount: "1.00" } })).status).toBe(404);
    });

    it("closes an unpaid order", async () => {
      const outTradeNo = testOutTradeNo("C");
      await createOrder({ outTradeNo, amount: "1.00", subject: "close" });
      const closed = await call(closeRoute, `/api/v1/orders/${outTradeNo}/close`, { params: { outTradeNo }, method: "POST" });
      expect(closed).toMatchObject({ status: 200, json: { closed: true, alipay: "NO_TRADE", order: { status: "CLOSED" } } });
    });
  });

  describe("GET /api/v1/notifications", () => {
    it("filters by signature and outcome, pages with a cursor, and refuses bad parameters", async () => {
      const outTradeNo = testOutTradeNo("N");
      for (let i = 0; i < 3; i++) {
        await notifyRoute(new Request("http://console.test/api/alipay/notify", { method: "POST", body: new Uint8Array(signedNotification(fixture(), { out_trade_no: outTradeNo, trade_no: `9${i}`, trade_status: "TRADE_SUCCESS", total_amount: "1.00" })) }));
      }
      await notifyRoute(new Request("http://console.test/api/alipay/notify", { method: "POST", body: `out_trade_no=${outTradeNo}&sign=AAAA` }));
      const page1 = await call(listNotificationsRoute, `/api/v1/notifications?outTradeNo=${outTradeNo}&limit=2`);
      expect(page1.json.notifications.map((n: Json) => n.signature)).toEqual(["INVALID", "VALID"]);
      const page2 = await call(listNotificationsRoute, `/api/v1/notifications?outTradeNo=${outTradeNo}&limit=2&cursor=${page1.json.nextCursor}`);
      expect(page2.json.notifications).toHaveLength(2);
      expect(page2.json.nextCursor).toBeNull();
      const unknown = await call(listNotificationsRoute, `/api/v1/notifications?outTradeNo=${outTradeNo}&outcome=UNKNOWN_ORDER&signature=VALID`);
      expect(unknown.json.notifications).toHaveLength(3);
      expect((await call(listNotificationsRoute, "/api/v1/notifications?limit=0&signature=FORGED")).status).toBe(400);
    });
  });

  describe("POST /api/alipay/notify", () => {
    it("answers exactly success or failure, as plain text", async () => {
      const good = await notifyRoute(new Request("http://console.test/api/alipay/notify", { method: "POST", body: new Uint8Array(signedNotification(fixture(), { out_trade_no: testOutTradeNo(), trade_no: "1", trade_status: "TRADE_SUCCESS", total_amount: "1.00" })) }));
      expect([good.status, await good.text(), good.headers.get("content-type")]).toEqual([200, "success", "text/plain; charset=utf-8"]);
      const bad = await notifyRoute(new Request("http://console.test/api/alipay/notify", { method: "POST", body: "sign=forged&out_trade_no=1" }));
      expect([bad.status, await bad.text()]).toEqual([200, "failure"]);
    });
  });
});
