// The sandbox server: the gateway, the buyer's app, the JSON API, the bill links and the pages, on
// one node:http server. Start it with `npm run sandbox:server` (sandbox/main.ts) or in-process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, type Logger } from "@/lib/log";
import { createClock } from "./clock";
import type { SandboxConfig } from "./config";
import type { SandboxContext } from "./context";
import { handleGateway } from "./gateway/handle";
import { handleApi } from "./http/api";
import { serveBill, serveBillPreview } from "./http/bill-download";
import { HttpError, readBody, sendError, sendGatewayBody } from "./http/io";
import { setUpCertMode } from "./cert-mode";
import { loadSandboxKeys } from "./keys";
import { createSigner } from "./signer";
import { startNotifier, type Notifier } from "./notify/notifier";
import { handlePage } from "./pages";
import { openSandboxDb } from "./store/db";

export type RunningSandbox = {
  ctx: SandboxContext;
  url: string;
  server: Server;
  notifier: Notifier;
  close(): Promise<void>;
};

async function route(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sandbox.local");
  if (url.pathname === "/gateway.do") {
    if (req.method !== "POST" && req.method !== "GET") throw new HttpError(405, "METHOD_NOT_ALLOWED", "the gateway takes GET or POST");
    const body = req.method === "POST" ? await readBody(req) : Buffer.alloc(0);
    const outcome = await handleGateway(ctx, url.search.slice(1), body);
    if (outcome.kind === "hang") {
      setTimeout(() => req.socket.destroy(), outcome.holdMs).unref();
      return;
    }
    const send = () => sendGatewayBody(res, outcome.reply.body, outcome.reply.charset);
    if (outcome.delayMs > 0) setTimeout(send, outcome.delayMs).unref();
    else send();
    return;
  }
  if (url.pathname === "/bill/download" && req.method === "GET") return serveBill(ctx, res, url);
  if (url.pathname === "/bill/preview" && req.method === "GET") return serveBillPreview(ctx, res, url);
  if (url.pathname.startsWith("/api/")) {
    if (await handleApi(ctx, req, res, url)) return;
    throw new HttpError(404, "NOT_FOUND", `no API route ${url.pathname}`);
  }
  if (await handlePage(ctx, req, res, url)) return;
  throw new HttpError(404, "NOT_FOUND", `nothing at ${url.pathname}`);
}

export async function startSandbox(config: SandboxConfig, log: Logger = createLogger({ service: "sandbox" })): Promise<RunningSandbox> {
  const db = openSandboxDb(config.dataDir);
  const keys = loadSandboxKeys(config);
  const signer = createSigner({ alipay: keys.alipayPrivateKey, stranger: keys.strangerPrivateKey }, config.signingThreads);
  const ctx: SandboxContext = { config, keys, certs: setUpCertMode(config, keys), db, clock: createClock(), log, signer, wake: () => {} };

  const server = createServer((req, res) => {
    route(ctx, req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpError) return sendError(res, error);
      log.error("sandbox.request.failed", { path: req.url, error });
      sendError(res, new HttpError(500, "INTERNAL", "the sandbox failed to handle this request; see its log"));
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (config.port === 0) ctx.config = { ...config, port, publicUrl: `http://localhost:${port}` };
  const notifier = startNotifier(ctx);
  ctx.wake = notifier.wake;

  return {
    ctx,
    url: ctx.config.publicUrl,
    server,
    notifier,
    async close() {
      await notifier.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.signer.close();
      db.close();
    },
  };
}
