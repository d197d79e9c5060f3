// The gateway calls list and page against a migrated database: each filter, Beijing days, newest first,
// and a call shown without its signature or secrets, its response decoded in the request's charset.
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeForm } from "@/lib/alipay/form";
import { REDACTED } from "@/lib/alipay/mask";
import { createDb, type Db } from "@/lib/db";
import { createMigratedDatabase, type MigratedDatabase } from "@/lib/testing/migrated-database";
import { getGatewayCallDetail } from "./gateway-call-detail";
import { parseGatewayCallQuery } from "./gateway-call-query";
import { listGatewayCalls } from "./gateway-calls";

const SIGN = "Q".repeat(340) + "w==";
const ids = async (db: Db, search: string) => (await listGatewayCalls(db, parseGatewayCallQuery(Object.fromEntries(new URLSearchParams(search))).query)).rows.map((row) => row.id);

describe.each(["sqlite", "postgresql"] as const)("gateway calls on %s", (provider) => {
  let database: MigratedDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createMigratedDatabase(provider);
    db = createDb(database.url);
    await db.order.create({ data: { id: "o1", outTradeNo: "A1", amountFen: 100, subject: "s", timeoutMinutes: 5, requestHash: "h", expiresAt: new Date() } });
    const call = (id: string, at: string, data: Record<string, unknown>) =>
      db.gatewayCall.create({ data: { id, traceId: `t-${id}`, method: "alipay.trade.query", outcome: "SUCCESS", code: "10000", latencyMs: 12, createdAt: new Date(at), ...data } });
    // 15:59:59Z is 23:59:59 in Beijing on 1 December; 16:00Z is already 2 December there.
    await call("c1", "2026-12-01T15:59:59Z", { orderId: "o1" });
    await call("c2", "2026-12-01T16:00:00Z", { outcome: "BUSINESS_ERROR", code: "40004", subCode: "ACQ.TRADE_NOT_EXIST", orderId: "o1" });
    await call("c3", "2026-12-02T08:00:00Z", {
      method: "alipay.trade.precreate",
      outcome: "UNKNOWN",
      code: null,
      verdict: null,
      error: `socket hang up -----BEGIN PRIVATE KEY-----\n${"A".repeat(64)}\n-----END PRIVATE KEY-----`,
      requestUrl: `https://gw.example/gateway.do?charset=GBK&method=alipay.trade.precreate&sign=${encodeURIComponent(SIGN)}`,
      requestBody: encodeForm({ biz_content: '{"subject":"中文商品","total_amount":"0.10"}', app_auth_token: "secret" }, "gbk"),
      responseStatus: 200,
      responseBody: new Uint8Array(iconv.encode(`{"alipay_trade_precreate_response":{"code":"10000","sub_msg":"中文"},"sign":"${SIGN}"}`, "gbk")),
    });
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it("lists newest first, each filter narrowing the view", async () => {
    expect(await ids(db, "")).toEqual(["c3", "c2", "c1"]);
    expect(await ids(db, "method=alipay.trade.precreate")).toEqual(["c3"]);
    expect(await ids(db, "outcome=BUSINESS_ERROR")).toEqual(["c2"]);
    expect(await ids(db, "code=ACQ.TRADE_NOT_EXIST")).toEqual(["c2"]);
    expect(await ids(db, "code=10000")).toEqual(["c1"]);
    expect(await ids(db, "outTradeNo=A1")).toEqual(["c2", "c1"]);
    expect(await ids(db, "outTradeNo=A2")).toEqual([]);
  });

  it("counts days in Beijing time, the end day included", async () => {
    expect(await ids(db, "to=2026-12-01")).toEqual(["c1"]);
    expect(await ids(db, "from=2026-12-02&to=2026-12-02")).toEqual(["c3", "c2"]);
  });

  it("pages, and counts the whole view", async () => {
    const result = await listGatewayCalls(db, { ...parseGatewayCallQuery({}).query, size: 20, page: 1 });
    expect(result.total).toBe(3);
    expect(await ids(db, "page=2")).toEqual([]);
  });

  it("explains each call in plain words", async () => {
    const { rows } = await listGatewayCalls(db, parseGatewayCallQuery({}).query);
    expect(rows.map((row) => row.explanation)).toEqual(["outcomeUnknownPrecreate", "tradeNotScanned", "success"]);
    expect(rows[1]!.order).toEqual({ id: "o1", outTradeNo: "A1" });
  });

  it("shows a call with its signature shortened, its secrets masked and its response decoded as GBK", async () => {
    const call = await getGatewayCallDetail(db, "c3");
    expect(call?.request).toMatchObject({ kind: "masked", charset: "gbk" });
    const params = call?.request.kind === "masked" ? Object.fromEntries(call.request.params) : {};
    expect(params.sign).toBe("QQQQQQ…Qw==");
    expect(params.app_auth_token).toBe(REDACTED);
    expect(params.biz_content).toBe('{\n  "subject": "中文商品",\n  "total_amount": "0.10"\n}');
    expect(call?.response).toContain('"sub_msg": "中文"');
    expect(call?.response).not.toContain(SIGN);
    expect(call?.error).toBe(`socket hang up ${REDACTED}`);
    expect(call?.explanation).toEqual({ key: "outcomeUnknownPrecreate", category: "unknown_outcome", retry: true });
    expect(await getGatewayCallDetail(db, "nope")).toBeNull();
  });
});
