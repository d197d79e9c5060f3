// The fund flow against the whole stack: a store of this run's own, its money appearing live on today's
// page as the sandbox's buyer pays (no reload), refunds netted, fees estimated at the stack's 0.6 %, the
// breakdown by till, the month's view, and the CSV export of the same figures.
import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { signIn } from "./fixtures/auth";
import { apiAuthorization, createOrder, payAtSandbox } from "./fixtures/stack";

test.use({ locale: "en-US" });

const beijingNow = () => new Date(Date.now() + 8 * 3600_000).toISOString();

test("an operator watches today's money come in by store and till, then exports it", async ({ page, request }) => {
  // A store of this run's own: the page's figures are this test's alone.
  const store = `FS${Date.now().toString(36).toUpperCase()}`;
  const first = await createOrder(request, "12.00", "资金 · 一号机", undefined, { storeId: store, terminalId: `${store}-T1` });
  const second = await createOrder(request, "8.00", "资金 · 二号机", undefined, { storeId: store, terminalId: `${store}-T2` });

  await signIn(page, "operator", `/funds?store=${store}`);
  await expect(page.getByRole("heading", { level: 1, name: "Funds" })).toBeVisible();
  await expect(page.locator("[data-live-state=live]")).toBeVisible();
  await expect(page.getByTestId("funds-paid")).toContainText("¥0.00");
  // Set on this document: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { fundsMarker: number }).fundsMarker = 1));

  await payAtSandbox(request, first.outTradeNo);
  await expect(page.getByTestId("funds-paid")).toContainText("¥12.00", { timeout: 15_000 });
  await expect(page.getByTestId("funds-paid")).toContainText("1 payment");

  await payAtSandbox(request, second.outTradeNo);
  await expect(page.getByTestId("funds-paid")).toContainText("¥20.00", { timeout: 15_000 });
  const refund = await request.post(`/api/v1/orders/${second.outTradeNo}/refunds`, { headers: apiAuthorization(), data: { amount: "3.00", requestNo: `RF${store}` } });
  expect(refund.status(), await refund.text()).toBe(201);
  await expect(page.getByTestId("funds-refunded")).toContainText("¥3.00", { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { fundsMarker?: number }).fundsMarker)).toBe(1);

  // 0.6 %, each trade rounded half up: 7 + 5 fen charged, 2 given back with the refund.
  await expect(page.getByTestId("funds-net")).toContainText("¥17.00");
  await expect(page.getByTestId("funds-fee")).toContainText("¥0.10");
  await expect(page.getByTestId("funds-fee")).toContainText("Estimated trade by trade at 0.6%");
  await expect(page.getByTestId("funds-settlement")).toContainText("¥16.90");
  await expect(page.locator(`tr[data-terminal="${store}-T1"]`)).toContainText("¥12.00");
  await expect(page.locator(`tr[data-terminal="${store}-T2"]`)).toContainText("¥8.00");
  await expect(page.locator(`tr[data-terminal="${store}-T2"]`)).toContainText("¥3.00");
  await expect(page.locator("tr[data-bucket=total]").first()).toContainText("¥17.00");

  // The month, by day: today's row holds the same money.
  await page.getByRole("link", { name: "Month", exact: true }).click();
  await expect(page).toHaveURL(/period=month/);
  const today = beijingNow().slice(0, 10);
  await expect(page.locator(`tr[data-bucket="${today}"]`)).toContainText("¥17.00");
  await expect(page.getByTestId("funds-net")).toContainText("¥17.00");

  // Its export (by day, so that the test does not depend on the hour): the same figures, a record per till.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^funds-${today.slice(0, 7)}-${store}-\\d{8}-\\d{6}\\.csv$`));
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(3)).trim().split("\r\n");
  expect(lines).toEqual([
    "Period,Store,Till,Payments,Paid (yuan),Refunds,Refunded (yuan),Net (yuan),Fees (yuan),Fee source,Settlement (yuan)",
    `${today},${store},${store}-T1,1,12.00,0,0.00,12.00,0.07,Estimated at the rate,11.93`,
    `${today},${store},${store}-T2,1,8.00,1,3.00,5.00,0.03,Estimated at the rate,4.97`,
  ]);

  // A view that does not parse is refused, not guessed.
  const bad = await page.request.get("/funds/export?period=week");
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain("period");
});
