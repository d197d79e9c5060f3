// Every page of the console and the buyer's checkout, in each language, through axe-core (WCAG 2.1 A and
// AA): no serious or critical violation; the minor and moderate ones are printed, not failed on. Each page
// is also photographed whole, into test-results/screenshots/<locale>/, for a person to look at.
import { join, resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";

import { signIn, type Role } from "./fixtures/auth";
import { addSandboxFault, createOrder, payAtSandbox, sandboxUrl, type CreatedOrder } from "./fixtures/stack";

/** What the pages below are about, made once before them. */
type Data = { paid: CreatedOrder; refunded: CreatedOrder; pending: CreatedOrder; notificationId: string; forgedNotificationId: string; gatewayCallId: string; billDate: string };

/**
 * The pages: a new page is one more line. `as` is who looks (null: signed out); `open`, what to open on
 * the page before checking it (a form, a preview), so that the opened state is checked too.
 */
const PAGES: { name: string; path: (data: Data) => string; as: Role | null; open?: (page: Page) => Promise<void> }[] = [
  { name: "sign-in", path: () => "/login", as: null },
  { name: "overview", path: () => "/", as: "admin" },
  { name: "orders", path: () => "/orders", as: "admin" },
  { name: "orders, filtered to none", path: () => "/orders?status=FAILED&q=NO-SUCH-ORDER", as: "admin" },
  { name: "a paid order with its notification", path: (data) => `/orders/${data.paid.id}`, as: "admin" },
  { name: "its refund form", path: (data) => `/orders/${data.paid.id}`, as: "admin", open: openRefundForm },
  { name: "a pending order, Alipay's answer beside ours", path: (data) => `/orders/${data.pending.id}`, as: "operator", open: queryAlipay },
  { name: "a partly refunded order", path: (data) => `/orders/${data.refunded.id}`, as: "admin" },
  { name: "notifications", path: () => "/notifications", as: "admin" },
  { name: "a notification", path: (data) => `/notifications/${data.notificationId}`, as: "admin" },
  { name: "a forged notification, diagnosed", path: (data) => `/notifications/${data.forgedNotificationId}`, as: "admin" },
  { name: "gateway calls", path: () => "/gateway-calls", as: "admin" },
  { name: "a gateway call", path: (data) => `/gateway-calls/${data.gatewayCallId}`, as: "admin" },
  { name: "audit log", path: () => "/audit", as: "admin" },
  { name: "reconciliation", path: () => "/reconciliation", as: "operator" },
  { name: "funds, today by the hour", path: () => "/funds", as: "admin" },
  { name: "funds, this month by the day, as a viewer", path: () => "/funds?period=month", as: "viewer" },
  { name: "funds, this year by the month", path: () => "/funds?period=year", as: "operator" },
  { name: "alerts", path: () => "/alerts", as: "admin" },
  { name: "alerts, as an operator", path: () => "/alerts", as: "operator" },
  { name: "a reconciliation day", path: (data) => `/reconciliation/${data.billDate}`, as: "admin" },
  { name: "a reconciliation day, reviewing a difference", path: (data) => `/reconciliation/${data.billDate}`, as: "operator", open: openReviewForm },
  { name: "settings, as a viewer (not allowed)", path: () => "/settings", as: "viewer" },
  { name: "settings", path: () => "/settings", as: "admin" },
  { name: "settings, after the self-test", path: () => "/settings", as: "admin", open: runSelfTest },
  { name: "checkout, awaiting payment", path: (data) => `/checkout/${data.pending.id}`, as: null },
  { name: "checkout, paid", path: (data) => `/checkout/${data.paid.id}`, as: null },
];

const LOCALES = ["zh-CN", "en"] as const;
const SCREENSHOTS = resolve(import.meta.dirname, "..", "test-results", "screenshots");
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function runSelfTest(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^(Run the self-test|运行自检)$/ }).click();
  await expect(page.getByTestId("self-test-report")).toBeVisible({ timeout: 30_000 });
}

async function queryAlipay(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^(Query Alipay|向支付宝查询)$/ }).click();
  await expect(page.getByTestId("alipay-says")).toBeVisible({ timeout: 15_000 });
}

async function openRefundForm(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^(Refund|退款)$/ }).click();
  await expect(page.getByRole("form")).toBeVisible();
}

async function openReviewForm(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^(Mark reviewed|标记已复核)$/ }).first().click();
  await expect(page.getByRole("form").first()).toBeVisible();
}

async function waitForPaid(context: BrowserContext, order: CreatedOrder): Promise<void> {
  await expect
    .poll(async () => ((await (await context.request.get(`/api/checkout/${order.id}`)).json()) as { state: string }).state, { timeout: 15_000 })
    .toBe("PAID");
}

/** The last part of the first link's address in `scope`: the id of what it links to. */
async function linkedId(page: Page, selector: string): Promise<string> {
  const href = await page.locator(selector).getByRole("link").first().getAttribute("href");
  const id = href?.split("/").pop();
  if (!id) throw new Error(`no link in ${selector}`);
  return id;
}

let data: Data;
const sessions = new Map<Role, Awaited<ReturnType<BrowserContext["storageState"]>>>();

async function sessionOf(browser: Browser, role: Role) {
  let state = sessions.get(role);
  if (!state) {
    const context = await browser.newContext();
    await signIn(await context.newPage(), role);
    state = await context.storageState();
    sessions.set(role, state);
    await context.close();
  }
  return state;
}

test.beforeAll(async ({ browser, baseURL }) => {
  const context = await browser.newContext({ storageState: await sessionOf(browser, "admin") });
  const [paid, refunded, pending, forged] = [
    await createOrder(context.request, "12.00", "无障碍检查 · 已支付", undefined, { storeId: "SH001", terminalId: "SH001-T1" }),
    await createOrder(context.request, "30.00", "无障碍检查 · 部分退款", undefined, { storeId: "SH001", terminalId: "SH001-T2" }),
    await createOrder(context.request, "8.80", "无障碍检查 · 待支付"),
    await createOrder(context.request, "6.60", "无障碍检查 · 伪造通知"),
  ];
  await addSandboxFault(context.request, "other_key", forged.outTradeNo);
  for (const order of [paid, refunded, forged]) await payAtSandbox(context.request, order.outTradeNo);
  await waitForPaid(context, paid);
  await waitForPaid(context, refunded);
  const refund = await context.request.post(`/api/console/orders/${refunded.id}/refunds`, { headers: { origin: baseURL! }, data: { amount: "5.00", requestNo: `RCA11Y${Date.now()}` } });
  expect(refund.status()).toBe(201);

  const page = await context.newPage();
  await page.goto(`/orders/${paid.id}`);
  await expect(page.locator("li[data-kind=notification]")).toHaveCount(1, { timeout: 15_000 });
  const [notificationId, gatewayCallId] = [await linkedId(page, "li[data-kind=notification]"), await linkedId(page, "li[data-kind=gateway]")];
  await page.goto(`/notifications?outTradeNo=${forged.outTradeNo}`);
  await expect(page.locator(`tr[data-order="${forged.outTradeNo}"]`).first()).toBeVisible({ timeout: 15_000 });
  // Today's bill as the sandbox has it so far, uploaded: the day's page then has differences to show.
  const billDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await addSandboxFault(context.request, "bill_amount", paid.outTradeNo, { params: { amount: "11.00" } });
  const bill = Buffer.from(await (await context.request.get(`${sandboxUrl()}/bill/preview?bill_date=${billDate}`)).body());
  const uploaded = await context.request.post("/api/console/reconciliation/bills", {
    headers: { origin: baseURL! },
    multipart: { billDate, file: { name: "bill.csv.zip", mimeType: "application/zip", buffer: bill } },
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  data = { paid, refunded, pending, notificationId, forgedNotificationId: await linkedId(page, `tr[data-order="${forged.outTradeNo}"]`), gatewayCallId, billDate };
  await context.close();
});

for (const locale of LOCALES) {
  test.describe(`in ${locale}`, () => {
    for (const entry of PAGES) {
      test(`${entry.name} has no serious or critical violations`, async ({ browser }) => {
        const context = await browser.newContext({ locale, storageState: entry.as ? await sessionOf(browser, entry.as) : undefined });
        const path = entry.path(data);
        const page = await context.newPage();
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("lang", locale);
        await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
        await page.evaluate(() => document.fonts.ready);
        await entry.open?.(page);
        // A live page is photographed (and checked) connected, as a person would see it a moment later.
        for (const live of await page.locator("[data-live-state]").all()) await expect(live).toHaveAttribute("data-live-state", "live", { timeout: 15_000 });
        const file = `${entry.name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "")}.png`;
        await page.screenshot({ path: join(SCREENSHOTS, locale, file), fullPage: true });

        const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
        const blocking = violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
        const others = violations.filter((violation) => !blocking.includes(violation));
        if (others.length > 0) console.log(`${locale} ${path}: not failed on: ${others.map((violation) => `${violation.id} (${violation.impact})`).join(", ")}`);
        expect(
          blocking.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary}`) })),
          `${locale} ${path}`,
        ).toEqual([]);
        await context.close();
      });
    }
  });
}
