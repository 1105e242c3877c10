// Journey: create an API key in the portal (shown once), use it on the REST API, revoke it in the
// portal; the revoked key gets 401 and the key text never comes back after a reload.
import { expect, saveScreenshot, test } from "./fixtures";
import { signIn } from "./portal-helpers";

test("create an API key (shown once), use it, revoke it → 401", async ({ page, request }) => {
  const name = `e2e key ${Date.now()}`;
  await signIn(page);
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const shownOnce = page.getByRole("region", { name: `API key “${name}”` });
  await expect(shownOnce).toContainText("shown only once");
  const key = (await shownOnce.getByTestId("secret-value").textContent())?.trim() ?? "";
  expect(key.length).toBeGreaterThan(20);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("active");
  await saveScreenshot(page, "api-keys");

  const withKey = { headers: { authorization: `Bearer ${key}` } };
  expect((await request.get("/api/v1/endpoints", withKey)).status()).toBe(200);
  // "Last used" fills in (the key's use is recorded as it authenticates; reload to see it).
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText(/just now|ago/, { timeout: 1_000 });
  }).toPass();

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke “${name}”?` });
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("revoked");
  await expect(page.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
  await saveScreenshot(page, "api-keys-revoked");

  // This web process refuses it at once; polled in case several web processes run.
  await expect.poll(async () => (await request.get("/api/v1/endpoints", withKey)).status()).toBe(401);

  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("revoked");
  expect(await page.content()).not.toContain(key);
});
