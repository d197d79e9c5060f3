import { expect, test } from "@playwright/test";

import { account, signIn } from "./fixtures/auth";

test.use({ locale: "en-US" });

test("a console page sends a visitor to sign in, and back to that page afterwards", async ({ page }) => {
  await page.goto("/?tab=PAID");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2F%3Ftab%3DPAID$/);
  await expect(page.getByRole("heading", { name: "Sign in to the console" })).toBeVisible();
  const { email, password } = account("operator");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/\?tab=PAID$/);
  await expect(page.getByRole("banner").getByText("Operator", { exact: true })).toBeVisible();
});

test("a wrong password is refused with a clear message, and nobody is signed in", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(account("viewer").email);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The email or password is not correct.")).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("after five failures an account is locked, even for the right password", async ({ page }) => {
  // An address nobody signs in with elsewhere: the lock is per account (and per address, at 20).
  const email = `lock-me-${Date.now()}@e2e.test`;
  await page.goto("/login");
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong password ${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("The email or password is not correct.")).toBeVisible();
    // The message is shown again for each attempt: wait for the form to be free before the next.
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("whatever it is");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/Too many failed attempts/)).toBeVisible();
});

test("signing out ends the session: the console asks to sign in again", async ({ page }) => {
  await signIn(page, "viewer");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});
