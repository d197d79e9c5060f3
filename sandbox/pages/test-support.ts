// Shared by the page tests: fetch a page as HTML, make an order with the official SDK, wait for the
// notifier to settle.
import { expect } from "vitest";
import { uniqueOutTradeNo, type TestSandbox } from "../testing/harness";

export type Page = { status: number; html: string; headers: Headers };

export async function getPage(sandbox: TestSandbox, path: string, cookie?: string): Promise<Page> {
  const response = await fetch(`${sandbox.url}${path}`, { headers: cookie ? { cookie } : {} });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

export async function createOrder(sandbox: TestSandbox, opts: { subject?: string; amount?: string; notifyUrl?: string } = {}) {
  const outTradeNo = uniqueOutTradeNo();
  const node = (await sandbox.sdk.exec(
    "alipay.trade.precreate",
    { bizContent: { out_trade_no: outTradeNo, total_amount: opts.amount ?? "88.00", subject: opts.subject ?? "拿铁 Latte ×2" }, ...(opts.notifyUrl ? { notify_url: opts.notifyUrl } : {}) },
    { validateSign: true },
  )) as unknown as { code: string; qr_code: string };
  expect(node.code).toBe("10000");
  const qrCode = node.qr_code;
  return { outTradeNo, qrCode, qrPath: new URL(qrCode).pathname };
}

type NotificationJson = { status: string; attempts: Array<{ outcome: string }> };

/** Polls the JSON API until the order's newest notification has left PENDING. */
export async function settledNotification(sandbox: TestSandbox, outTradeNo: string): Promise<NotificationJson> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { json } = await sandbox.api<{ notifications: NotificationJson[] }>("GET", `/api/notifications?out_trade_no=${outTradeNo}`);
    const [latest] = json.notifications;
    if (latest && latest.status !== "PENDING" && latest.attempts.length > 0) return latest;
    if (Date.now() > deadline) throw new Error(`notification for ${outTradeNo} never settled`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
