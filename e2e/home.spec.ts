import { expect, test } from "@playwright/test";

import { signIn } from "./fixtures/auth";

test.describe("home page", () => {
  test.describe("for a Chinese browser", () => {
    test.use({ locale: "zh-CN" });

    test("shows the system status in Chinese and switches to English and back", async ({ page }) => {
      await signIn(page, "viewer");
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
      await expect(page.getByRole("heading", { name: "系统状态" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "数据库" })).toBeVisible();

      await page.getByRole("button", { name: "English" }).click();
      await expect(page.getByRole("heading", { name: "System status" })).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");

      // The choice is a cookie: it survives a reload.
      await page.reload();
      await expect(page.getByRole("heading", { name: "System status" })).toBeVisible();

      await page.getByRole("button", { name: "简体中文" }).click();
      await expect(page.getByRole("heading", { name: "系统状态" })).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    });
  });

  test.describe("for a browser in a language the console lacks", () => {
    test.use({ locale: "fr-FR" });

    test("falls back to Chinese", async ({ page }) => {
      await signIn(page, "viewer");
      await expect(page.getByRole("heading", { name: "系统状态" })).toBeVisible();
    });
  });

  test.describe("for an English browser", () => {
    test.use({ locale: "en-US" });

    test("follows Accept-Language when no language was chosen", async ({ page }) => {
      await signIn(page, "viewer");
      await expect(page.getByRole("heading", { name: "System status" })).toBeVisible();
    });
  });
});

test("GET /api/health answers JSON with a status that matches the HTTP status", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.headers()["content-type"]).toContain("application/json");
  const body = (await response.json()) as { status: string; alipay: { configured: boolean } };
  expect(["ok", "degraded"]).toContain(body.status);
  expect(response.status()).toBe(body.status === "ok" ? 200 : 503);
  expect(typeof body.alipay.configured).toBe("boolean");
  expect(JSON.stringify(body)).not.toMatch(/PRIVATE KEY|PUBLIC KEY/);
});
