// Test support: an in-process sandbox on a free port with its own data directory, the official
// alipay-sdk configured against it as an independent client, and a local notify receiver.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { AlipaySdk } from "alipay-sdk";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { publicKeyToBase64 } from "@/lib/alipay/keys";
import { createLogger } from "@/lib/log";
import { loadSandboxConfig } from "../config";
import { startSandbox, type RunningSandbox } from "../server";

export type TestSandbox = RunningSandbox & {
  dataDir: string;
  sdk: AlipaySdk;
  appPrivateKeyPem: string;
  alipayPublicKeyBase64: string;
  api<T = Record<string, unknown>>(method: string, pathname: string, body?: unknown): Promise<{ status: number; json: T }>;
  stop(): Promise<void>;
};

export async function startTestSandbox(env: Record<string, string> = {}): Promise<TestSandbox> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sandbox-test-"));
  const config = loadSandboxConfig({ SANDBOX_PORT: "0", SANDBOX_DATA_DIR: dataDir, SANDBOX_TIME_SCALE: "100000", SANDBOX_NOTIFY_TIMEOUT_MS: "2000", ...env });
  const running = await startSandbox(config, createLogger({ service: "sandbox-test" }, () => {}));
  const appPrivateKeyPem = readFileSync(path.join(dataDir, "keys", "app-private.test-key.pem"), "utf8");
  const alipayPublicKeyBase64 = publicKeyToBase64(running.ctx.keys.alipayPublicKey);
  const sdk = new AlipaySdk({
    appId: running.ctx.config.appId,
    privateKey: appPrivateKeyPem,
    keyType: "PKCS8",
    alipayPublicKey: alipayPublicKeyBase64,
    // Certificate mode: the SDK sends app_cert_sn and alipay_root_cert_sn computed from these (§5).
    ...(running.ctx.certs
      ? { appCertContent: running.ctx.certs.appCertPem, alipayPublicCertContent: running.ctx.certs.alipayCertPem, alipayRootCertContent: running.ctx.certs.rootCertPem }
      : {}),
    gateway: `${running.url}/gateway.do`,
    camelcase: false,
    timeout: 5000,
  });
  return {
    ...running,
    dataDir,
    sdk,
    appPrivateKeyPem,
    alipayPublicKeyBase64,
    async api(method, pathname, body) {
      const response = await fetch(`${running.url}${pathname}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as never };
    },
    async stop() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type ReceivedNotification = { body: Buffer; text: string; headers: IncomingHttpHeaders; at: number };

export type NotifyReceiver = {
  url: string;
  received: ReceivedNotification[];
  /** What the receiver answers: the body, or a status and body; a function decides per request. */
  reply: (n: ReceivedNotification, index: number) => { status?: number; body: string };
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedNotification[]>;
  close(): Promise<void>;
};

export async function startNotifyReceiver(): Promise<NotifyReceiver> {
  const receiver: NotifyReceiver = {
    url: "",
    received: [],
    reply: () => ({ body: "success" }),
    async waitFor(count, timeoutMs = 8000) {
      const deadline = Date.now() + timeoutMs;
      while (receiver.received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} notifications, got ${receiver.received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return receiver.received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const entry = { body, text: body.toString("latin1"), headers: req.headers, at: Date.now() };
      const index = receiver.received.push(entry) - 1;
      const answer = receiver.reply(entry, index);
      res.writeHead(answer.status ?? 200, { "content-type": "text/plain" });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/alipay/notify`;
  return receiver;
}

let counter = 0;
export function uniqueOutTradeNo(prefix = "T"): string {
  return `${prefix}${Date.now()}${String(++counter).padStart(4, "0")}`;
}

export type Fixture = { sandbox: TestSandbox; receiver: NotifyReceiver };

/**
 * Registers the hooks of a test file that talks to one sandbox and one notify receiver: started
 * before the file, stopped after it, the receiver emptied and answering `success` before each test.
 */
export function useSandbox(env: Record<string, string>, bind: (fixture: Fixture) => void): void {
  let fixture: Fixture | undefined;
  beforeAll(async () => {
    fixture = { sandbox: await startTestSandbox(env), receiver: await startNotifyReceiver() };
    bind(fixture);
  });
  afterAll(async () => {
    await fixture?.sandbox.stop();
    await fixture?.receiver.close();
  });
  beforeEach(() => {
    fixture!.receiver.received.length = 0;
    fixture!.receiver.reply = () => ({ body: "success" });
  });
}

export type GatewayNode = Record<string, unknown> & { code: string; sub_code?: string };

/** Calls a gateway method through the official SDK with its response-signature check on. */
export function execWith(get: () => TestSandbox) {
  return (method: string, bizContent: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    get().sdk.exec(method, { bizContent, ...extra }, { validateSign: true }) as Promise<GatewayNode>;
}
