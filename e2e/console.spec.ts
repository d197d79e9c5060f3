// The operator's console against the whole stack: the sandbox pays, forges and drops; the console shows
// it live, explains it, heals it, and refunds — each role seeing and doing only what it may.
import { expect, test, type Page } from "@playwright/test";

import { signIn } from "./fixtures/auth";
import { addSandboxFault, createOrder, payAtSandbox } from "./fixtures/stack";

test.use({ locale: "en-US" });

/** Marks the document: a reload or a navigation would lose the mark, so a change seen with it is live. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => document.documentElement.setAttribute("data-e2e-mark", "kept"));
}
async function expectSameDocument(page: Page): Promise<void> {
  await expect(page.locator("html")).toHaveAttribute("data-e2e-mark", "kept");
}
async function waitForLive(page: Page): Promise<void> {
  await expect(page.locator("[data-live-state=live]").first()).toBeVisible();
}

/** The audit log's entries about one order, found as an admin would: by the Target ID filter. */
async function auditEntriesFor(page: Page, orderId: string) {
  await page.goto("/audit");
  const filters = page.getByRole("search", { name: "Filter the audit log" });
  await filters.getByLabel("Target ID").fill(orderId);
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL((url) => url.searchParams.get("target") === orderId);
  return page.locator("tr[data-audit]");
}

test("an operator watches an order turn paid live, on the list and on its page, and opens its notification", async ({ page, request }) => {
  const listed = await createOrder(request, "18.80", "Live on the list");
  const watched = await createOrder(request, "9.90", "Live on its page");
  await signIn(page, "operator", "/orders");
  const row = page.locator(`tr[data-order="${listed.outTradeNo}"]`);
  await expect(row).toHaveAttribute("data-status", "PENDING");
  await waitForLive(page);
  await markDocument(page);
  await payAtSandbox(request, listed.outTradeNo);
  await expect(row).toHaveAttribute("data-status", "PAID", { timeout: 15_000 });
  await expect(row.getByText("Paid", { exact: true })).toBeVisible();
  await expectSameDocument(page);

  await page.goto(`/orders/${watched.id}`);
  await expect(page.getByRole("heading", { name: watched.outTradeNo })).toBeVisible();
  await expect(page.getByText("Pending", { exact: true })).toBeVisible();
  await waitForLive(page);
  await markDocument(page);
  await payAtSandbox(request, watched.outTradeNo);
  await expect(page.getByText("Paid", { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await expect(page.locator("li[data-kind=notification]")).toHaveCount(1);
  await expectSameDocument(page);

  await page.locator("li[data-kind=notification]").getByRole("link").click();
  await expect(page.getByRole("heading", { name: /^Notification #\d+$/ })).toBeVisible();
  await expect(page.getByText("Signature valid")).toBeVisible();
  await expect(page.getByText("Applied", { exact: true })).toBeVisible();
  await expect(page.locator("[data-check=signature][data-ok=true]")).toBeVisible();
  await expect(page.getByTestId("sign-content")).toContainText(`out_trade_no=${watched.outTradeNo}`);
  await expect(page.getByTestId("sign-content")).not.toContainText("sign_type=");
});

test("a notification signed with another key is flagged, diagnosed, and changes nothing", async ({ page, request }) => {
  const order = await createOrder(request, "66.60", "Forged");
  await addSandboxFault(request, "other_key", order.outTradeNo);
  await payAtSandbox(request, order.outTradeNo);
  await signIn(page, "viewer", `/notifications?outTradeNo=${order.outTradeNo}`);
  const row = page.locator(`tr[data-order="${order.outTradeNo}"]`).first();
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row.getByText("Signature invalid")).toBeVisible();
  await expect(row.getByText("Rejected")).toBeVisible();
  await row.getByRole("link").first().click();
  await expect(page.getByTestId("diagnosis-cause")).toHaveText("Not signed with the configured Alipay key");
  await expect(page.getByText("Not valid: not made with the private half of this key")).toBeVisible();
  await expect(page.getByText("This notification changed no order.")).toBeVisible();
  await expect(page.locator("[data-check=signature][data-ok=false]")).toBeVisible();
  // A viewer may look, not replay.
  await expect(page.getByRole("button", { name: /Replay/ })).toHaveCount(0);
});

test("Query Alipay heals an order whose notification was dropped: preview, then apply; the audit log shows both", async ({ page, browser, request }) => {
  const order = await createOrder(request, "25.00", "Dropped notification");
  await addSandboxFault(request, "drop", order.outTradeNo);
  await payAtSandbox(request, order.outTradeNo);
  await signIn(page, "operator", `/orders/${order.id}`);
  await expect(page.getByText("Pending", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Query Alipay" }).click();
  const preview = page.getByRole("region", { name: "Alipay's answer next to ours" });
  await expect(preview.getByTestId("alipay-says")).toHaveText("TRADE_SUCCESS");
  await expect(preview.getByTestId("would-change")).toContainText("status:PENDING→PAID");
  await preview.getByRole("button", { name: "Apply Alipay's answer" }).click();
  await expect(page.getByText(/Updated from Alipay's answer: .*status:PENDING→PAID/)).toBeVisible();
  await expect(page.getByText("Paid", { exact: true }).first()).toBeVisible();
  await expect(page.locator("li[data-type=FACT_APPLIED]")).toContainText("operator operator@e2e.test");
  // An operator cannot refund.
  await expect(page.getByRole("button", { name: "Refund" })).toHaveCount(0);

  // The audit log has both steps, the preview and the applied answer, under the operator's name.
  const admin = await browser.newPage({ locale: "en-US" });
  await signIn(admin, "admin");
  const entries = await auditEntriesFor(admin, order.id);
  await expect(entries).toHaveCount(2);
  for (const entry of await entries.all()) {
    await expect(entry).toHaveAttribute("data-action", "order.sync");
    await expect(entry).toHaveAttribute("data-outcome", "OK");
    await expect(entry.getByRole("cell").nth(1)).toContainText("operator@e2e.test");
    await expect(entry.getByRole("cell").nth(2)).toHaveText("Queried an order at Alipay");
    await expect(entry.getByRole("cell").nth(3)).toHaveText("Succeeded");
    await expect(entry.getByRole("link", { name: order.outTradeNo })).toBeVisible();
  }
  await admin.close();
});

test("an admin refunds part, then the rest; a viewer can do neither, in the page or by calling the server; the audit log has all three", async ({ page, browser, request, baseURL }) => {
  const order = await createOrder(request, "30.00", "Refund twice");
  await payAtSandbox(request, order.outTradeNo);

  const viewer = await browser.newPage({ locale: "en-US" });
  await signIn(viewer, "viewer", `/orders/${order.id}`);
  await expect(viewer.getByText("Paid", { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await expect(viewer.getByRole("button", { name: "Refund" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Query Alipay" })).toHaveCount(0);
  const direct = await viewer.request.post(`/api/console/orders/${order.id}/refunds`, { headers: { origin: baseURL! }, data: { amount: "30.00", requestNo: "RCVIEWER1" } });
  expect(direct.status()).toBe(403);
  expect(((await direct.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
  await viewer.close();

  await signIn(page, "admin", `/orders/${order.id}`);
  const crossSite = await page.request.post(`/api/console/orders/${order.id}/refunds`, { headers: { origin: "https://evil.example" }, data: { amount: "30.00" } });
  expect(crossSite.status()).toBe(403);
  expect(((await crossSite.json()) as { error: { code: string } }).error.code).toBe("CROSS_SITE");

  await page.getByRole("button", { name: "Refund" }).click();
  const form = page.getByRole("form", { name: "Refund the buyer" });
  await expect(form.getByText("¥30.00 can still be refunded")).toBeVisible();
  await form.getByLabel("Amount to refund (yuan)").fill("12.50");
  await form.getByLabel("Reason (optional)").fill("One cup missing");
  await form.getByRole("checkbox").check();
  await form.getByRole("button", { name: "Refund now" }).click();
  await expect(page.getByText("¥12.50 refunded.")).toBeVisible();
  await expect(page.getByText("Partly refunded").first()).toBeVisible();

  await page.getByRole("button", { name: "Refund" }).click();
  await expect(form.getByText("¥17.50 can still be refunded")).toBeVisible();
  await form.getByRole("checkbox").check();
  await form.getByRole("button", { name: "Refund now" }).click();
  await expect(page.getByText("¥17.50 refunded.")).toBeVisible();
  await expect(page.getByText("Refunded", { exact: true }).first()).toBeVisible();
  await expect(page.locator("tr[data-refund]")).toHaveCount(2);
  await expect(page.getByRole("button", { name: "Refund" })).toHaveCount(0);

  // The audit log, newest first: the two refunds the admin made, and the viewer's attempt, denied.
  const entries = await auditEntriesFor(page, order.id);
  await expect(entries).toHaveCount(3);
  const expected = [
    { actor: "admin@e2e.test", outcome: "OK", label: "Succeeded", amount: "17.50" },
    { actor: "admin@e2e.test", outcome: "OK", label: "Succeeded", amount: "12.50" },
    { actor: "viewer@e2e.test", outcome: "DENIED", label: "Denied", amount: null },
  ];
  for (const [index, want] of expected.entries()) {
    const entry = entries.nth(index);
    await expect(entry).toHaveAttribute("data-action", "order.refund");
    await expect(entry).toHaveAttribute("data-outcome", want.outcome);
    await expect(entry).toHaveAttribute("data-actor", want.actor);
    await expect(entry.getByRole("cell").nth(1)).toContainText(want.actor);
    await expect(entry.getByRole("cell").nth(2)).toHaveText("Refunded an order");
    await expect(entry.getByRole("cell").nth(3)).toHaveText(want.label);
    if (want.amount) {
      // Its details fold out in the row beneath it.
      const details = entry.locator("xpath=following-sibling::tr[1]");
      await details.getByText("Before → after and details").click();
      await expect(details.getByText(`"amount": "${want.amount}"`)).toBeVisible();
    }
  }
});
