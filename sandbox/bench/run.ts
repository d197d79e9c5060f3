// `npm run bench:sandbox`: gateway throughput (signed precreate and query responses per second) and
// notification delivery rate at 32 concurrent clients, next to the raw RSA2 signing rate of this
// machine measured in the same run. Target: the sandbox reaches ≥ 0.6 of the raw signing rate.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Agent, request } from "node:http";
import { encodeForm } from "@/lib/alipay/form";
import { loadPrivateKey } from "@/lib/alipay/keys";
import { signText } from "@/lib/alipay/sign";
import { requestSignContent } from "@/lib/alipay/sign-content";
import { formatAlipayTime } from "@/lib/alipay/time";
import { wholeNumberFromEnv } from "../../scripts/bench/settings";
import { spawnSandbox } from "./spawn-sandbox";

const CONCURRENCY = 32;
const SECONDS = wholeNumberFromEnv("BENCH_SECONDS", 5);
const NOTIFICATIONS = wholeNumberFromEnv("BENCH_NOTIFICATIONS", 5000);

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** A keep-alive POST on a pool of CONCURRENCY sockets (the clients), returning the body text. */
function post(url: string, body: string, contentType = "application/x-www-form-urlencoded"): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": contentType, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The floor: single-threaded RSA2 signing of a response-sized string, as the sandbox must do per call. */
function rawSigningRate(seconds: number): number {
  const key = loadPrivateKey(readFileSync(path.join(process.env.BENCH_KEY_DIR!, "alipay-private.test-key.pem"), "utf8"));
  const content = '{"code":"10000","msg":"Success","out_trade_no":"B000000000001","qr_code":"http:\\/\\/localhost:3100\\/qr\\/bax0abcdefghijklmnopqrst"}';
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  while (performance.now() < deadline) {
    signText(`${content}${count}`, key);
    count++;
  }
  return count / seconds;
}

type Signer = (method: string, biz: Record<string, unknown>, common?: Record<string, string>) => string;

function makeSigner(appId: string, keyPem: string): Signer {
  const key = loadPrivateKey(keyPem);
  return (method, biz, common = {}) => {
    const params: Record<string, string> = {
      app_id: appId, method, charset: "utf-8", sign_type: "RSA2", timestamp: formatAlipayTime(new Date()), version: "1.0", biz_content: JSON.stringify(biz), ...common,
    };
    return encodeForm({ ...params, sign: signText(requestSignContent(params), key) });
  };
}

/** Sends pre-signed bodies with CONCURRENCY workers for `seconds`; returns responses per second. */
async function drive(url: string, bodies: string[], seconds: number, expect: RegExp): Promise<{ rate: number; count: number }> {
  let next = 0;
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline && next < bodies.length) {
      const body = bodies[next++]!;
      const { text } = await post(`${url}/gateway.do`, body);
      if (!expect.test(text)) throw new Error(`unexpected gateway answer: ${text.slice(0, 200)}`);
      count++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { rate: count / ((performance.now() - started) / 1000), count };
}

async function main() {
  const receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      res.end("success");
      if (received === NOTIFICATIONS) allReceived();
    });
  });
  let received = 0;
  let allReceived: () => void = () => {};
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
  const notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;

  const sandbox = await spawnSandbox({ SANDBOX_NOTIFY_CONCURRENCY: String(CONCURRENCY) });
  process.env.BENCH_KEY_DIR = path.join(sandbox.dataDir, "keys");
  try {
    const config = (await (await fetch(`${sandbox.url}/api/config`)).json()) as { app_id: string };
    const sign = makeSigner(config.app_id, readFileSync(path.join(sandbox.dataDir, "keys", "app-private.test-key.pem"), "utf8"));
    const run = Date.now().toString(36);

    const floor = rawSigningRate(SECONDS);
    const precreateBodies = Array.from({ length: Math.ceil(floor * SECONDS * 1.5) }, (_, i) =>
      sign("alipay.trade.precreate", { out_trade_no: `B${run}${i}`, total_amount: "12.34", subject: "bench" }),
    );
    // Warm up (JIT, worker threads, SQLite pages) before anything is timed.
    const warmup = Array.from({ length: 2000 }, (_, i) => sign("alipay.trade.precreate", { out_trade_no: `W${run}${i}`, total_amount: "1.00", subject: "warm-up" }));
    await drive(sandbox.url, warmup, 60, /"code":"10000"/);
    const precreate = await drive(sandbox.url, precreateBodies, SECONDS, /"code":"10000"/);
    const queryBodies = Array.from({ length: Math.ceil(floor * SECONDS * 1.5) }, (_, i) => sign("alipay.trade.query", { out_trade_no: `B${run}${i % 500}` }));
    await Promise.all(Array.from({ length: 500 }, (_, i) => post(`${sandbox.url}/api/buyer/scan`, JSON.stringify({ out_trade_no: `B${run}${i}` }), "application/json")));
    const query = await drive(sandbox.url, queryBodies, SECONDS, /"code":"10000"/);

    // Notifications: queue them all behind a delay fault, then release them at once and time the delivery.
    const delayed = await fetch(`${sandbox.url}/api/faults`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "delay", params: { seconds: 3600 } }),
    });
    if (!delayed.ok) throw new Error("could not arm the delay fault");
    const notifyBodies = Array.from({ length: NOTIFICATIONS }, (_, i) =>
      sign("alipay.trade.precreate", { out_trade_no: `N${run}${i}`, total_amount: "1.00", subject: "notify bench" }, { notify_url: notifyUrl }),
    );
    await drive(sandbox.url, notifyBodies, 600, /"code":"10000"/);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < NOTIFICATIONS) {
          const i = next++;
          const response = await post(`${sandbox.url}/api/buyer/pay`, JSON.stringify({ out_trade_no: `N${run}${i}` }), "application/json");
          if (response.status !== 200) throw new Error(`pay failed: ${response.text}`);
        }
      }),
    );
    const done = new Promise<void>((resolve) => (allReceived = resolve));
    const started = performance.now();
    await fetch(`${sandbox.url}/api/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advance: "2h" }) });
    await done;
    const notifyRate = NOTIFICATIONS / ((performance.now() - started) / 1000);

    const line = (label: string, rate: number) => `${label.padEnd(44)} ${rate.toFixed(0).padStart(7)} /s   ${(rate / floor).toFixed(2)} × floor`;
    console.log(`\nSandbox benchmark (${CONCURRENCY} concurrent clients, ${SECONDS} s per phase, Node ${process.version})`);
    console.log(line("floor: raw RSA2 signing, one thread", floor));
    console.log(line("gateway: alipay.trade.precreate (signed)", precreate.rate));
    console.log(line("gateway: alipay.trade.query (signed)", query.rate));
    console.log(line(`notifications delivered (${NOTIFICATIONS}, signed)`, notifyRate));
    const worst = Math.min(precreate.rate, query.rate, notifyRate) / floor;
    console.log(`\nworst ratio ${worst.toFixed(2)} (target ≥ 0.60): ${worst >= 0.6 ? "met" : "NOT met"}`);
  } finally {
    await sandbox.stop();
    receiver.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
