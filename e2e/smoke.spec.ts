import { expect, saveScreenshot, test } from "./fixtures";

test("home page renders and links to sign-in", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Webhooks your customers can count on");
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await saveScreenshot(page, "home");
});

test("sign-in page renders a labelled form", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Sign in to your portal" })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await saveScreenshot(page, "signin");
});

test("wrong password says what to do; the demo login signs in and out", async ({ page, consoleErrors }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("demo@hookline.dev");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toContainText("do not match an account");
  // next-auth answers a rejected password with 401, which Chromium logs; that one is expected here.
  expect(consoleErrors).toEqual(["console: Failed to load resource: the server responded with a status of 401 (Unauthorized)"]);
  consoleErrors.length = 0;
  await saveScreenshot(page, "signin-error");

  await page.getByLabel("Password").fill("hookline-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/endpoints$/);
  await expect(page.getByText("Signed in as demo@hookline.dev")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
});

test("a portal page without a session goes to sign-in and, once signed in, back to where it was headed", async ({ page }) => {
  await page.goto("/deliveries?status=failed");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdeliveries%3Fstatus%3Dfailed$/);
  await page.getByLabel("Email").fill("demo@hookline.dev");
  await page.getByLabel("Password").fill("hookline-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/deliveries\?status=failed$/);
  await expect(page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Deliveries" })).toHaveAttribute("aria-current", "page");
});

test("health endpoint reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
});
