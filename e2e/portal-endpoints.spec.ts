// The endpoints part of the portal, in the browser against the built app and the real worker:
// create (secret once) → edit → test event → its delivered attempt → delete; secret rotation with
// overlap (both secrets verify); another tenant's user gets not-found; switching tenant.
// Event types used only here: customer.created (create journey), customer.updated (rotation journey).
import type { APIRequestContext, Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { expect, saveScreenshot, test } from "./fixtures";
import { adminToken, createEndpointViaApi, deleteEndpointViaApi, demo, publishEvent, type ReceivedRequest, signIn, startReceiver } from "./portal-helpers";

const verifies = (secret: string, request: ReceivedRequest) => {
  try {
    new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
};

/** Chromium's log line for a 422 answer: expected once where a test provokes one on purpose. */
const UNPROCESSABLE = "console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)";

/** The endpoint page's "Send test event", then the first request the receiver gets. */
async function sendTestEvent(page: Page, received: ReceivedRequest[]): Promise<ReceivedRequest> {
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByRole("link", { name: "View delivery" })).toBeVisible();
  await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
  return received[0]!;
}

test("create an endpoint, see its secret once, edit it, send a test event, see it delivered and signed, delete it", async ({ page, request, consoleErrors }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver(200);
  let endpointId: string | undefined;
  try {
    await signIn(page);
    await expect(page.getByRole("heading", { name: "Endpoints", level: 1 })).toBeVisible();
    await saveScreenshot(page, "endpoints-list-journey");

    await page.getByRole("link", { name: "Add endpoint" }).first().click();
    await expect(page.getByRole("heading", { name: "Add endpoint" })).toBeVisible();
    // Caught in the browser, before any request.
    await page.getByLabel("URL").fill("not a url");
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await expect(page.getByText("Enter a full URL, like https://example.com/webhooks")).toBeVisible();
    await expect(page.getByText("Choose at least one event type")).toBeVisible();
    await expect(page.getByLabel("URL")).toBeFocused();

    await page.getByLabel("URL").fill(receiver.url);
    await page.getByLabel("Description").fill("E2E create journey");
    await page.getByRole("checkbox", { name: /customer\.created/ }).check();
    // A pattern becomes a removable chip (removed again: this journey receives customer.created only).
    await page.getByLabel(/Add a pattern/).fill("customer.*");
    await page.getByLabel(/Add a pattern/).press("Enter");
    await expect(page.getByRole("list", { name: "Patterns" })).toContainText("customer.*");
    await page.getByLabel(/Add a pattern/).fill("customer*");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByText('"*" stands alone or ends a prefix')).toBeVisible();
    await page.getByLabel(/Add a pattern/).fill("");
    await expect(page.getByText('"*" stands alone or ends a prefix')).toHaveCount(0);
    await page.getByRole("button", { name: "Remove customer.*" }).click();
    await expect(page.getByRole("list", { name: "Patterns" })).toHaveCount(0);
    await page.getByLabel("Timeout (seconds)").fill("5");
    await page.getByRole("button", { name: "Add header" }).click();
    // Only the server knows which headers are reserved: its 422 names the header, shown under its row.
    await page.getByLabel("Header 1 name").fill("Host");
    await page.getByLabel("Header 1 value").fill("create-journey");
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await expect(page.getByText("is set by Hookline and cannot be overridden")).toBeVisible();
    await expect(page.getByLabel("Header 1 name")).toHaveAttribute("aria-invalid", "true");
    await saveScreenshot(page, "endpoint-new-invalid");
    await expect.poll(() => consoleErrors).toEqual([UNPROCESSABLE]);
    consoleErrors.length = 0;
    await page.getByLabel("Header 1 name").fill("X-E2E");
    await saveScreenshot(page, "endpoint-new");
    await page.getByRole("button", { name: "Create endpoint" }).click();

    const secretPanel = page.getByRole("region", { name: "Signing secret" });
    await expect(secretPanel).toBeVisible();
    const secret = (await secretPanel.getByTestId("secret-value").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await saveScreenshot(page, "endpoint-secret");

    await page.getByRole("link", { name: "Continue to endpoint" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(receiver.url);
    endpointId = page.url().split("/").at(-1);
    await expect(page.locator("body")).not.toContainText("whsec_");
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(receiver.url);
    await expect(page.locator("body")).not.toContainText("whsec_");

    // Edit sends only what changed.
    await page.getByRole("link", { name: "Edit" }).click();
    await expect(page.getByLabel("Timeout (seconds)")).toHaveValue("5");
    await page.getByLabel("Description").fill("E2E create journey, edited");
    await saveScreenshot(page, "endpoint-edit");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("E2E create journey, edited")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(receiver.url);

    const delivery = await sendTestEvent(page, receiver.received);
    expect(delivery.headers["x-e2e"]).toBe("create-journey");
    expect(verifies(secret, delivery)).toBe(true);
    // The recent deliveries card lists it (refreshed every 3 s), linking to its timeline.
    await expect(page.getByRole("link", { name: /^dlv_/ })).toHaveCount(1);

    await page.getByRole("link", { name: "View delivery" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Delivery");
    const timeline = page.getByRole("list", { name: "Attempt timeline" });
    await expect(timeline.getByRole("listitem").first()).toContainText("Attempt 1");
    await expect(timeline.getByRole("listitem").first()).toContainText("delivered");

    // Back on the endpoint: the attempt is in the health card and the chart.
    await page.goto(`/endpoints/${endpointId}`);
    await expect(page.getByText("100.0 % of 1 attempt")).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole("img", { name: /Last 24 hours: 1 successful and 0 failed attempts/ })).toBeVisible();
    await saveScreenshot(page, "endpoint-detail");

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete endpoint" }).click();
    await expect(page).toHaveURL(/\/endpoints$/);
    await expect(page.getByRole("link", { name: receiver.url })).toHaveCount(0);
    endpointId = undefined;
  } finally {
    await page.goto("about:blank"); // a page still polling the endpoint would get 404s once it is deleted
    await deleteEndpointViaApi(request, endpointId);
    await receiver.close();
  }
});

test("rotating a secret with 24 h overlap: the next delivery verifies with the old and the new secret", async ({ page, request }) => {
  test.setTimeout(90_000);
  const receiver = await startReceiver(200);
  let endpointId: string | undefined;
  try {
    const endpoint = await createEndpointViaApi(request, receiver.url, ["customer.updated"]);
    endpointId = endpoint.id;
    await signIn(page);
    await page.goto(`/endpoints/${endpoint.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(receiver.url);

    await page.getByRole("button", { name: "Rotate secret" }).click();
    const dialog = page.getByRole("dialog", { name: "Rotate signing secret" });
    await expect(dialog.getByRole("radio", { name: /24 hours/ })).toBeChecked();
    await saveScreenshot(page, "endpoint-rotate-dialog");
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    const newSecret = (await dialog.getByTestId("secret-value").textContent())!.trim();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(endpoint.secret);
    await expect(dialog.getByTestId("previous-secret-expiry")).toContainText("the previous secret signs too");
    await saveScreenshot(page, "endpoint-rotate-secret");
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(page.locator("body")).not.toContainText("whsec_");

    const delivery = await sendTestEvent(page, receiver.received);
    expect(String(delivery.headers["webhook-signature"]).split(" ").filter((s) => s.startsWith("v1,"))).toHaveLength(2);
    expect(verifies(endpoint.secret, delivery), "old secret").toBe(true);
    expect(verifies(newSecret, delivery), "new secret").toBe(true);

    // The same page on a phone: one column, the tables scroll sideways inside their cards.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole("link", { name: /^dlv_/ })).toHaveCount(1);
    await saveScreenshot(page, "endpoint-detail-mobile");
  } finally {
    await page.goto("about:blank"); // a page still polling the endpoint would get 404s once it is deleted
    await deleteEndpointViaApi(request, endpointId);
    await receiver.close();
  }
});

const DOCUMENT_404 = "console: Failed to load resource: the server responded with a status of 404 (Not Found)";

/** The delivery an event made (to the one endpoint it matched), through the REST API. */
async function firstDeliveryOf(request: APIRequestContext, eventId: string): Promise<string> {
  const auth = { authorization: `Bearer ${demo().apiKey}` };
  let id: string | undefined;
  await expect
    .poll(async () => {
      const list = await request.get(`/api/v1/deliveries?event_id=${eventId}`, { headers: auth });
      id = ((await list.json()) as { data: { id: string }[] }).data[0]?.id;
      return id;
    })
    .toBeTruthy();
  return id!;
}

/** Once the delivery has failed for good (nothing listens on port 9), a slow replay of it, through the REST API. */
async function replayOfFailures(request: APIRequestContext, endpointId: string, deliveryId: string): Promise<string> {
  const auth = { authorization: `Bearer ${demo().apiKey}` };
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/deliveries/${deliveryId}`, { headers: auth })).json()) as { status: string }).status, { timeout: 20_000 })
    .toBe("failed");
  const replay = await request.post("/api/v1/replays", { headers: auth, data: { endpoint_id: endpointId, rate_per_second: 0.1 } });
  expect(replay.status()).toBe(202);
  return ((await replay.json()) as { id: string }).id;
}

/** A second tenant and a new user in it, through the admin REST API. */
async function otherTenantWithUser(request: APIRequestContext) {
  const admin = { authorization: `Bearer ${adminToken()}` };
  const stamp = Date.now();
  const tenant = await request.post("/api/v1/admin/tenants", { headers: admin, data: { name: `E2E Other ${stamp}` } });
  expect(tenant.status()).toBe(201);
  const { id, name } = ((await tenant.json()) as { tenant: { id: string; name: string } }).tenant;
  const user = { email: `other-${stamp}@example.test`, password: "other-tenant-password" };
  const member = await request.post(`/api/v1/admin/tenants/${id}/members`, { headers: admin, data: { ...user, name: "Other User", role: "owner" } });
  expect(member.status()).toBe(201);
  return { id, name, user, addMember: (data: Record<string, string>) => request.post(`/api/v1/admin/tenants/${id}/members`, { headers: admin, data }) };
}

test("another tenant's user opening the first tenant's endpoint gets the not-found page", async ({ page, request, consoleErrors }) => {
  const url = `http://127.0.0.1:9/tenant-isolation-${Date.now()}`;
  const endpoint = await createEndpointViaApi(request, url, ["customer.updated"]);
  try {
    const other = await otherTenantWithUser(request);
    await signIn(page, other.user.email, other.user.password);
    await expect(page.getByText("No endpoints yet")).toBeVisible();

    // Every detail page of the first tenant, by id: a 404 document showing the not-found page, and no
    // trace of the resource. Chromium logs each 404 document; those lines are the only errors allowed.
    const eventId = await publishEvent(request, "customer.updated", { note: "not for other tenants" });
    const deliveryId = await firstDeliveryOf(request, eventId);
    const replayId = await replayOfFailures(request, endpoint.id, deliveryId);
    const pages = [`/endpoints/${endpoint.id}`, `/endpoints/${endpoint.id}/edit`, `/deliveries/${deliveryId}`, `/events/${eventId}`, `/replays/${replayId}`];
    for (const path of pages) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not found");
      await expect(page.locator("body")).not.toContainText(url);
      await expect(page.locator("body")).not.toContainText("not for other tenants");
    }
    expect(consoleErrors).toEqual(pages.map(() => DOCUMENT_404));
    consoleErrors.length = 0;
    // The data behind it refuses too: the same session reading the endpoint over tRPC gets 404.
    const read = await page.request.get(`/api/trpc/endpoints.get?input=${encodeURIComponent(JSON.stringify({ id: endpoint.id }))}`);
    expect(read.status()).toBe(404);
    expect(await read.text()).not.toContain(url);
  } finally {
    await page.goto("about:blank"); // a page still polling the endpoint would get 404s once it is deleted
    await deleteEndpointViaApi(request, endpoint.id);
  }
});

test("a user in two tenants switches tenant and sees the other tenant's endpoints, then switches back", async ({ page, request }) => {
  const other = await otherTenantWithUser(request);
  const { email, tenantId } = demo();
  const added = await other.addMember({ email, role: "member" });
  expect(added.status()).toBe(201);
  expect(((await added.json()) as { created_user: boolean }).created_user).toBe(false);
  // An endpoint of the demo tenant, to tell the two lists apart (nothing publishes customer.updated).
  const url = `http://127.0.0.1:9/tenant-switch-${Date.now()}`;
  const endpoint = await createEndpointViaApi(request, url, ["customer.updated"]);
  try {
    // Disabled by hand, so the list shows its banner; Enable clears it.
    const disabled = await request.patch(`/api/v1/endpoints/${endpoint.id}`, { headers: { authorization: `Bearer ${demo().apiKey}` }, data: { enabled: false } });
    expect(disabled.status()).toBe(200);
    await signIn(page);
    const switcher = page.getByLabel("Tenant");
    await expect(switcher).toHaveValue(tenantId);
    await expect(page.getByRole("link", { name: url })).toBeVisible();
    const banner = page.getByRole("row").filter({ hasText: "disabled by hand" });
    await expect(banner).toHaveCount(1);
    await saveScreenshot(page, "endpoints-list");
    await banner.getByRole("button", { name: "Enable" }).click();
    await expect(banner).toHaveCount(0);

    await switcher.selectOption(other.id);
    await expect(page.getByText("No endpoints yet")).toBeVisible();
    await expect(page.getByRole("link", { name: url })).toHaveCount(0);
    await page.reload();
    await expect(page.getByLabel("Tenant")).toHaveValue(other.id);
    await expect(page.getByText("No endpoints yet")).toBeVisible();

    await page.getByLabel("Tenant").selectOption(tenantId);
    await expect(page.getByRole("link", { name: url })).toBeVisible();
    await expect(page.getByLabel("Tenant")).toHaveValue(tenantId);
  } finally {
    await page.goto("about:blank"); // a page still polling the endpoint would get 404s once it is deleted
    await deleteEndpointViaApi(request, endpoint.id);
  }
});
