// Test support for the payment operations: a migrated database (SQLite or PostgreSQL), an in-process
// sandbox reached over HTTP by the real gateway client, and a plain node:http server that hands
// notifications to the same intake the Next route uses. The clock can be moved forward, for the
// console and the sandbox together.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import { type FormCharset, encodeForm } from "@/lib/alipay/form";
import { loadCertMode } from "@/lib/alipay/cert-mode";
import { createGatewayClient } from "@/lib/alipay/gateway-client";
import { signText } from "@/lib/alipay/sign";
import { notifySignContentV1 } from "@/lib/alipay/sign-content";
import { formatAlipayTime } from "@/lib/alipay/time";
import { loadPrivateKey } from "@/lib/alipay/keys";
import { createDb } from "@/lib/db";
import { createLogger } from "@/lib/log";
import { type MigratedDatabase, createMigratedDatabase } from "@/lib/testing/migrated-database";
import type { DatabaseProvider } from "@/prisma/database-url";
import { type TestSandbox, startTestSandbox } from "@/sandbox/testing/harness";
import { type PaymentsContext, type PaymentsSettings, defaultSettings } from "../context";
import { withCertRotationAlert } from "../cert-alert";
import { createOrder } from "../create-order";
import { handleNotifyRequest } from "../notify-http";

export type PaymentsFixture = {
  provider: DatabaseProvider;
  ctx: PaymentsContext;
  sandbox: TestSandbox;
  database: MigratedDatabase;
  notifyUrl: string;
  /** The log lines the payment code wrote (JSON), for tests of what is logged. */
  logs: string[];
  /** How many times the payment code asked for the worker (ctx.wake). */
  wakes: { count: number };
  /** Moves the console's clock and the sandbox's forward together. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
};

function notifyServer(getCtx: () => PaymentsContext): Server {
  return createServer((req, res) => {
    const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
    const request = new Request(url, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: req.method === "POST" ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      duplex: "half",
    } as RequestInit);
    handleNotifyRequest(getCtx(), request, req.socket.remoteAddress ?? null).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      },
      (error: Error) => {
        res.writeHead(500).end(`failure ${error.message}`);
      },
    );
  });
}

export async function startPaymentsFixture(
  provider: DatabaseProvider,
  options: { sandboxEnv?: Record<string, string>; settings?: Partial<PaymentsSettings>; gatewayTimeoutMs?: number } = {},
): Promise<PaymentsFixture> {
  const [database, sandbox] = await Promise.all([createMigratedDatabase(provider), startTestSandbox(options.sandboxEnv)]);
  let offsetMs = 0;
  const wakes = { count: 0 };
  let ctx!: PaymentsContext;
  const server = notifyServer(() => ctx);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const notifyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/alipay/notify`;
  // Certificate mode (SANDBOX_CERT_MODE=1): configured from the sandbox's certificates as a merchant would.
  const certs = sandbox.ctx.certs;
  const cert = certs ? loadCertMode({ appCert: certs.appCertPem, alipayCert: certs.alipayCertPem, rootCert: certs.rootCertPem }) : undefined;
  const alipayPublicKey = cert?.alipayPublicKey ?? sandbox.ctx.keys.alipayPublicKey;
  const logs: string[] = [];
  const log = createLogger({ service: "payments-test" }, (line) => void logs.push(line));
  const gateway = createGatewayClient({
    appId: sandbox.ctx.config.appId,
    appPrivateKey: loadPrivateKey(sandbox.appPrivateKeyPem),
    alipayPublicKey,
    gatewayUrl: `${sandbox.url}/gateway.do`,
    timeoutMs: options.gatewayTimeoutMs ?? 3_000,
    cert,
  });
  ctx = {
    db: createDb(database.url),
    gateway: withCertRotationAlert(gateway, () => ctx),
    settings: defaultSettings({ appId: sandbox.ctx.config.appId, notifyUrl, appUrl: "http://console.test", alipayPublicKey, ...options.settings }),
    now: () => new Date(Date.now() + offsetMs),
    log,
    // The app's wake pokes its worker; tests run worker passes themselves and count the wakes.
    wake: () => void (wakes.count += 1),
  };
  return {
    provider,
    ctx,
    sandbox,
    database,
    notifyUrl,
    logs,
    wakes,
    async advance(ms) {
      offsetMs += ms;
      const { status } = await sandbox.api("POST", "/api/clock", { advance: `${Math.round(ms / 1000)}s` });
      if (status !== 200) throw new Error(`the sandbox clock did not move (${status})`);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await ctx.db.$disconnect();
      await sandbox.stop();
      await database.drop();
    },
  };
}

/** Registers a fixture for the whole test file. */
export function usePayments(provider: DatabaseProvider, options?: Parameters<typeof startPaymentsFixture>[1]): () => PaymentsFixture {
  let fixture: PaymentsFixture | undefined;
  beforeAll(async () => {
    fixture = await startPaymentsFixture(provider, options);
  });
  afterAll(async () => {
    await fixture?.close();
  });
  return () => fixture!;
}

let counter = 0;
export function testOutTradeNo(prefix = "P"): string {
  return `${prefix}${Date.now()}${String(++counter).padStart(4, "0")}`;
}

/** Creates an order with a QR (throws if precreate fails). */
export async function createPaidableOrder(fixture: PaymentsFixture, fields: { amount?: number; timeoutMinutes?: number; outTradeNo?: string } = {}) {
  const { order } = await createOrder(fixture.ctx, {
    outTradeNo: fields.outTradeNo ?? testOutTradeNo(),
    amount: fields.amount ?? 1234,
    subject: "测试商品 test item",
    timeoutMinutes: fields.timeoutMinutes ?? 30,
  });
  if (!order.qrCode) throw new Error("no QR");
  return order;
}

/** The buyer scans and pays the order's QR in the sandbox. */
export async function pay(fixture: PaymentsFixture, qrCode: string): Promise<void> {
  const { status, json } = await fixture.sandbox.api("POST", "/api/buyer/pay", { qr_code: qrCode });
  if (status !== 200) throw new Error(`the sandbox refused the payment: ${JSON.stringify(json)}`);
}

/** Waits until `check` holds (polling), or fails with what it last saw. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await read();
    if (check(last)) return last;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last, null, 2)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A notification signed with the sandbox's Alipay key, as Alipay builds it (§4.2, §4.4), form-encoded. */
export function signedNotification(fixture: PaymentsFixture, params: Record<string, string>, charset: FormCharset = "utf-8"): Buffer {
  const config = fixture.sandbox.ctx.config;
  const full: Record<string, string> = {
    notify_time: formatAlipayTime(new Date()),
    notify_type: "trade_status_sync",
    notify_id: `${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    app_id: config.appId,
    auth_app_id: config.appId,
    charset,
    version: "1.0",
    seller_id: config.sellerId,
    ...params,
    sign_type: "RSA2",
  };
  full.sign = signText(notifySignContentV1(full), fixture.sandbox.ctx.keys.alipayPrivateKey, "RSA2", charset);
  return Buffer.from(encodeForm(full, charset), "latin1");
}

export async function postNotification(
  fixture: PaymentsFixture,
  body: Buffer | string,
  contentType = "application/x-www-form-urlencoded; charset=utf-8",
): Promise<{ status: number; text: string }> {
  const response = await fetch(fixture.notifyUrl, { method: "POST", headers: { "content-type": contentType }, body: typeof body === "string" ? body : new Uint8Array(body) });
  return { status: response.status, text: await response.text() };
}

export type FaultSpec = { kind: string; outTradeNo?: string; method?: string; event?: string; count?: number; params?: Record<string, unknown> };

export async function addFault(fixture: PaymentsFixture, fault: FaultSpec): Promise<void> {
  const { status, json } = await fixture.sandbox.api("POST", "/api/faults", fault);
  if (status !== 200) throw new Error(`the sandbox refused the fault: ${JSON.stringify(json)}`);
}
