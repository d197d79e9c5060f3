// Settings against the whole stack: the go-live self-test through the real notify URL, accounts made and
// changed by an admin (the change ends the account's session), API keys shown once and revoked — and
// nobody but an admin gets in, in the page or by calling the server.
import { expect, test } from "@playwright/test";

import { signIn } from "./fixtures/auth";
import { uniqueOrderNo } from "./fixtures/stack";

test.use({ locale: "en-US" });

test("an admin runs the go-live self-test: key pair, test query and test notification through the notify URL", async ({ page }) => {
  await signIn(page, "admin", "/settings");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(page.getByTestId("config-health").getByText("Configured, and it is the app private key's pair")).toBeVisible();
  await page.getByRole("button", { name: "Run the self-test" }).click();
  const report = page.getByTestId("self-test-report");
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report).toHaveAttribute("data-ok", "true");
  await expect(report.locator("[data-step=key_pair]")).toHaveAttribute("data-status", "pass");
  await expect(report.locator("[data-step=gateway]")).toHaveAttribute("data-reason", "gatewayVerified");
  // Verified and answered success; a warning only because localhost is not reachable from Alipay.
  await expect(report.locator("[data-step=notify]")).toHaveAttribute("data-reason", "notifyPrivate");

  await report.getByRole("link", { name: /Open notification/ }).click();
  await expect(page.getByText("Self-test", { exact: true }).first()).toBeVisible();

  await page.goto("/audit?action=settings.self_test");
  await expect(page.locator("tbody tr").first()).toContainText("Ran the self-test");
});

test("an admin makes an operator account; the password is shown once and a role change ends its session", async ({ page, browser }) => {
  const email = `${uniqueOrderNo("new").toLowerCase()}@e2e.test`;
  await signIn(page, "admin", "/settings");
  const form = page.getByRole("form", { name: "New account" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("operator");
  await form.getByRole("button", { name: "Create account" }).click();
  const password = (await page.getByTestId("secret-value").textContent())!.trim();
  expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  await page.getByRole("button", { name: "I have saved it" }).click();
  await expect(page.getByTestId("secret-value")).toHaveCount(0);
  await expect(page.locator(`tr[data-user="${email}"]`)).toBeVisible();

  const newcomer = await browser.newPage({ locale: "en-US" });
  await newcomer.goto("/login?callbackUrl=%2Forders");
  await newcomer.locator("#email").fill(email);
  await newcomer.locator("#password").fill(password);
  await newcomer.locator("form button[type=submit]").click();
  await expect(newcomer).toHaveURL(/\/orders/);
  await expect(newcomer.getByRole("link", { name: "Settings" })).toHaveCount(0);

  await page.getByLabel(`Role of ${email}`).selectOption("viewer");
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("viewer");
  await newcomer.reload();
  await expect(newcomer).toHaveURL(/\/login/);
  await newcomer.close();

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: `Disable ${email}` }).click();
  await expect(page.locator(`tr[data-user="${email}"]`).getByText("Disabled")).toBeVisible();
});

test("an admin makes an API key that works once shown, and revokes it", async ({ page, request }) => {
  await signIn(page, "admin", "/settings");
  const form = page.getByRole("form", { name: "New API key" });
  await form.getByLabel("Name").fill("Till 7");
  await form.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("secret-value").textContent())!.trim();
  expect(key).toMatch(/^afc_/);
  const headers = { authorization: `Bearer ${key}` };
  expect((await request.get("/api/v1/notifications", { headers })).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("secret-value")).toHaveCount(0);
  const row = page.locator(`tr[data-api-key="${key.slice(0, 12)}"]`);
  await expect(row).toContainText("Till 7");
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Revoke the key Till 7" }).click();
  await expect(row.getByText(/Revoked/)).toBeVisible();
  expect((await request.get("/api/v1/notifications", { headers })).status()).toBe(401);
});

for (const role of ["operator", "viewer"] as const) {
  test(`the ${role} cannot open Settings nor manage accounts, keys or the self-test by calling the server`, async ({ page, baseURL }) => {
    await signIn(page, role, "/settings");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
    const headers = { origin: baseURL! };
    for (const [url, data] of [
      ["/api/console/users", { email: "sneaky@e2e.test", role: "admin" }],
      ["/api/console/api-keys", { name: "sneaky" }],
      ["/api/console/self-test", {}],
    ] as const) {
      const response = await page.request.post(url, { headers, data });
      expect(response.status(), url).toBe(403);
    }
  });
}
