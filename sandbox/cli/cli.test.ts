// The CLI as users run it: a child process talking HTTP to an in-process sandbox, with the official
// alipay-sdk creating the orders and a local receiver standing in for the console's notify route.
import { execFile } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNotifyReceiver, startTestSandbox, uniqueOutTradeNo, type NotifyReceiver, type TestSandbox } from "../testing/harness";
import type { ClockDto, FaultDto, TradeDetailDto } from "./dto";
import { runCli } from "./run";

const ROOT = path.resolve(import.meta.dirname, "../..");

let sandbox: TestSandbox;
let receiver: NotifyReceiver;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startNotifyReceiver();
});
afterAll(async () => {
  await sandbox?.stop();
  await receiver?.close();
});

type Run = { code: number; stdout: string; stderr: string };

/** Runs `sandbox/cli.ts` in its own process; async, so the in-process sandbox keeps answering. */
function cli(args: string[], url = sandbox.url): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "sandbox/cli.ts", ...args],
      { cwd: ROOT, env: { ...process.env, SANDBOX_URL: url, NO_COLOR: "1" }, timeout: 20_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The same CLI in this process: quicker, for the cases that need no process boundary. */
async function cliHere(args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io = { env: { SANDBOX_URL: sandbox.url }, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  return { code: await runCli(args, io), stdout, stderr };
}

async function precreate(): Promise<{ outTradeNo: string; qrCode: string }> {
  const outTradeNo = uniqueOutTradeNo("CLI");
  const node = (await sandbox.sdk.exec(
    "alipay.trade.precreate",
    { notify_url: receiver.url, bizContent: { out_trade_no: outTradeNo, total_amount: "9.99", subject: "CLI 测试" } },
    { validateSign: true },
  )) as unknown as { code: string; qr_code: string };
  expect(node.code).toBe("10000");
  return { outTradeNo, qrCode: node.qr_code };
}

async function receivedFor(outTradeNo: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 8000;
  for (;;) {
    const bodies = receiver.received.map((r) => decodeURIComponent(r.text.replace(/\+/g, " "))).filter((t) => t.includes(`out_trade_no=${outTradeNo}&`));
    if (bodies.length >= count || Date.now() > deadline) return bodies;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("sandbox CLI", () => {
  it("pay scans, pays and gets the notification to the merchant", async () => {
    const { outTradeNo } = await precreate();
    const run = await cli(["pay", outTradeNo]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Paid ${outTradeNo}`);
    expect(run.stdout).toMatch(/PAYMENT\s+TRADE_SUCCESS\s+DELIVERED/);
    expect(run.stdout).toMatch(/ACKED\s+200\s+\d+ ms\s+"success"/);
    const { json } = await sandbox.api<TradeDetailDto>("GET", `/api/trades/${outTradeNo}`);
    expect(json.trade?.trade_status).toBe("TRADE_SUCCESS");
    const [body] = await receivedFor(outTradeNo, 1);
    expect(body).toContain("trade_status=TRADE_SUCCESS");
  });

  it("pay takes the qr_code and a buyer, and --json prints the API's JSON", async () => {
    const { outTradeNo, qrCode } = await precreate();
    const run = await cli(["pay", qrCode, "--buyer", "2088722003899169", "--json"]);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout) as { trade: { out_trade_no: string; buyer_id: string; trade_status: string } };
    expect(data.trade).toMatchObject({ out_trade_no: outTradeNo, buyer_id: "2088722003899169", trade_status: "TRADE_SUCCESS" });
  });

  it("fault add stores a fault with numeric params, fault list shows it, and it fires", async () => {
    const { outTradeNo } = await precreate();
    const add = await cli(["fault", "add", "duplicate", "--trade", outTradeNo, "--param", "times=2"]);
    expect(add.stderr).toBe("");
    expect(add.code).toBe(0);
    const list = await cli(["fault", "list", "--json"]);
    const { faults } = JSON.parse(list.stdout) as { faults: FaultDto[] };
    expect(faults).toContainEqual(expect.objectContaining({ kind: "duplicate", outTradeNo, params: { times: 2 }, remaining: null }));
    await sandbox.api("POST", "/api/buyer/pay", { out_trade_no: outTradeNo });
    expect(await receivedFor(outTradeNo, 3)).toHaveLength(3);
    expect((await cliHere(["fault", "clear", "--trade", outTradeNo])).stdout).toBe(`Removed 1 fault for ${outTradeNo}.\n`);
  });

  it("trades, trade and attempts show the order", async () => {
    const { outTradeNo } = await precreate();
    await sandbox.api("POST", "/api/buyer/pay", { out_trade_no: outTradeNo });
    await receivedFor(outTradeNo, 1);
    await sandbox.notifier.idle();
    const [trades, trade, attempts] = await Promise.all([cli(["trades"]), cli(["trade", outTradeNo]), cli(["attempts", outTradeNo])]);
    expect(trades.code).toBe(0);
    expect(trades.stdout).toMatch(new RegExp(`${outTradeNo}\\s+TRADE_SUCCESS\\s+9\\.99`));
    expect(trade.code).toBe(0);
    expect(trade.stdout).toContain("Precreate");
    expect(trade.stdout).toMatch(/subject\s+CLI 测试/);
    expect(trade.stdout).toMatch(/trade_status\s+TRADE_SUCCESS/);
    expect(trade.stdout).toMatch(/PAYMENT\s+TRADE_SUCCESS\s+DELIVERED/);
    expect(attempts.code).toBe(0);
    expect(attempts.stdout).toContain(outTradeNo);
    expect(attempts.stdout).toMatch(/^\s+1\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s+ACKED\s+200\s+\d+ ms\s+"success"$/m);
  });

  it("clock advance 2h moves the sandbox clock", async () => {
    const before = (await sandbox.api<ClockDto>("GET", "/api/clock")).json.offset_ms;
    const run = await cli(["clock", "advance", "2h"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ahead of real time/);
    expect((await sandbox.api<ClockDto>("GET", "/api/clock")).json.offset_ms - before).toBe(2 * 3600 * 1000);
  });

  it("config prints the console's env lines and no private key", async () => {
    const run = await cli(["config"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`ALIPAY_GATEWAY_URL=${sandbox.url}/gateway.do\n`);
    expect(run.stdout).toContain(`ALIPAY_PUBLIC_KEY=${sandbox.alipayPublicKeyBase64}\n`);
    expect(run.stdout).toContain("keys/app-private.test-key.pem");
    const keyBody = sandbox.appPrivateKeyPem.split("\n")[1]!;
    expect(run.stdout).not.toContain(keyBody);
    expect(run.stdout).not.toContain("PRIVATE KEY-----");
  });

  it("refuses a bad command line with exit code 2", async () => {
    const unknown = await cli(["frobnicate"]);
    expect(unknown).toMatchObject({ code: 2, stdout: "" });
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badFlag = await cliHere(["trades", "--buyer", "2088722003899169"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("trades does not take --buyer");
    const badParam = await cliHere(["fault", "add", "duplicate", "--param", "time=2"]);
    expect(badParam.code).toBe(2);
    expect(badParam.stderr).toContain("duplicate has no param 'time'");
    expect((await cliHere(["pay"])).code).toBe(2);
    expect((await cliHere(["clock", "advance", "soon"])).code).toBe(2);
  });

  it("prints the help with every command for help, --help and no command", async () => {
    const [help, flag, none] = await Promise.all([cliHere(["help"]), cliHere(["--help"]), cliHere([])]);
    expect(help.code).toBe(0);
    expect(flag.stdout).toBe(help.stdout);
    expect(none.stdout).toBe(help.stdout);
    for (const name of ["pay", "scan", "notify", "resend", "finish", "fault add", "fault kinds", "trades", "trade", "attempts", "clock advance", "config"]) {
      expect(help.stdout).toMatch(new RegExp(`\\n  ${name}[ \\n]`));
    }
  });

  it("exits 1 with the API's code when the sandbox refuses, and with a hint when it is unreachable", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const [refused, unreachable] = await Promise.all([cli(["finish", "NO-SUCH-ORDER"]), cli(["trades"], `http://127.0.0.1:${closedPort}`)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("TRADE_NOT_EXIST");
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`cannot reach the sandbox at http://127.0.0.1:${closedPort}`);
    expect(unreachable.stderr).toContain("npm run sandbox:server");
  });
});
