// The deliveries explorer, the attempt timeline and the events pages, as a customer uses them: filter
// in the URL (kept across a reload), open a delivery and its event, and replay a selection in bulk.
// Event types: charge.succeeded and charge.failed — no other spec publishes them.
import type { Page } from "@playwright/test";
import { expect, saveScreenshot, test } from "./fixtures";
import { createEndpointViaApi, deleteEndpointViaApi, publishEvent, signIn, startReceiver, type Receiver } from "./portal-helpers";

/** Rows of the deliveries table (each has its "View" link). */
const deliveryRows = (page: Page) => page.getByRole("row").filter({ has: page.getByRole("link", { name: /^View delivery/ }) });

const receivedFor = (receiver: Receiver, eventIds: string[]) => receiver.received.filter((r) => eventIds.includes(String(r.headers["webhook-id"]))).length;

test("deliveries explorer: filters in the URL → attempt timeline → event → bulk replay", async ({ page, request }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver(200);
  let endpointId: string | undefined;
  try {
    const endpoint = await createEndpointViaApi(request, receiver.url, ["charge.*"]);
    endpointId = endpoint.id;
    const succeeded = [await publishEvent(request, "charge.succeeded", { charge: "ch_1", amount: 1200 }), await publishEvent(request, "charge.succeeded", { charge: "ch_2", amount: 900 })];
    const failedCharge = await publishEvent(request, "charge.failed", { charge: "ch_3", reason: "card_declined" });
    await expect.poll(() => receivedFor(receiver, [...succeeded, failedCharge]), { timeout: 20_000 }).toBe(3);

    await signIn(page);
    await page.getByRole("link", { name: "Deliveries", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();

    // Filter through the controls: this endpoint, delivered, charge.succeeded.
    await page.getByLabel("Endpoint", { exact: true }).selectOption(endpoint.id);
    await expect(page).toHaveURL(new RegExp(`endpoint_id=${endpoint.id}`));
    await expect(deliveryRows(page)).toHaveCount(3, { timeout: 15_000 });
    await page.getByRole("checkbox", { name: "delivered", exact: true }).check();
    await page.getByLabel("Event type").fill("charge.succeeded");
    await expect(page).toHaveURL(/status=delivered/);
    await expect(page).toHaveURL(/event_type=charge\.succeeded/);
    await expect(deliveryRows(page)).toHaveCount(2, { timeout: 15_000 });
    await expect(page.getByRole("link", { name: "Replay matching…" })).toHaveAttribute("href", new RegExp(`/replays/new\\?endpoint_id=${endpoint.id}&status=delivered&event_type=charge.succeeded`));

    await page.reload();
    await expect(page.getByRole("checkbox", { name: "delivered", exact: true })).toBeChecked();
    await expect(page.getByLabel("Event type")).toHaveValue("charge.succeeded");
    await expect(page.getByLabel("Endpoint", { exact: true })).toHaveValue(endpoint.id);
    await expect(deliveryRows(page)).toHaveCount(2);
    await expect(deliveryRows(page).first()).toContainText("charge.succeeded");
    await saveScreenshot(page, "deliveries-explorer");

    // The attempt timeline of one of them.
    await deliveryRows(page).first().getByRole("link", { name: /^View delivery/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Delivery");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("delivered");
    const timeline = page.getByRole("list", { name: "Attempt timeline" });
    await expect(timeline.getByRole("listitem")).toHaveCount(1);
    await expect(timeline.getByRole("listitem").first()).toContainText("Attempt 1");
    await expect(timeline.getByRole("listitem").first()).toContainText("initial");
    await expect(timeline.getByRole("listitem").first()).toContainText("delivered");
    await timeline.getByText("Request headers").click();
    await expect(timeline.getByText("webhook-signature", { exact: true })).toBeVisible();
    await saveScreenshot(page, "delivery-timeline");

    // One-click replay: the page follows it live until the new attempt lands.
    await page.getByRole("button", { name: "Replay" }).click();
    await expect(page.getByRole("link", { name: "View replay" })).toHaveAttribute("href", /^\/replays\/rpl_/);
    await expect(timeline.getByRole("listitem")).toHaveCount(2, { timeout: 15_000 });
    await expect(timeline.getByRole("listitem").nth(1)).toContainText("Attempt 2");
    await expect(timeline.getByRole("listitem").nth(1)).toContainText("replay");
    await expect(timeline.getByRole("listitem").nth(1)).toContainText("delivered");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("delivered");

    // Back to the explorer keeps its filters; forward returns to the delivery.
    await page.goBack();
    await expect(page).toHaveURL(/status=delivered/);
    await expect(page.getByRole("checkbox", { name: "delivered", exact: true })).toBeChecked();
    await expect(page.getByLabel("Event type")).toHaveValue("charge.succeeded");
    await page.goForward();
    await expect(page).toHaveURL(/\/deliveries\/dlv_/);

    // Its event: the payload and where it went.
    await page.getByRole("link", { name: "charge.succeeded" }).click();
    await expect(page).toHaveURL(/\/events\/evt_/);
    await expect(page.getByTestId("event-payload")).toContainText('"charge": "ch_');
    await expect(page.getByRole("link", { name: "View delivery" })).toHaveCount(1);
    await expect(page.getByRole("row").filter({ hasText: receiver.url })).toContainText("delivered");
    await saveScreenshot(page, "event-detail");

    // The events list, filtered by a wildcard.
    await page.getByRole("link", { name: "Events", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
    await page.getByLabel("Event type").fill("charge.*");
    await expect(page).toHaveURL(/type=charge\.\*|type=charge\.%2A/);
    for (const id of [...succeeded, failedCharge]) await expect(page.getByRole("cell", { name: id })).toBeVisible();
    await saveScreenshot(page, "events-list");

    // Bulk replay: both delivered charge.succeeded deliveries go out again.
    await page.goto(`/deliveries?endpoint_id=${endpoint.id}&status=delivered&event_type=charge.succeeded`);
    await expect(deliveryRows(page)).toHaveCount(2);
    await page.getByRole("checkbox", { name: "Select all deliveries on this page" }).check();
    await expect(page.getByRole("region", { name: "Bulk replay" })).toContainText("2 selected");
    await page.getByRole("button", { name: "Replay selected" }).click();
    await expect(page.getByRole("link", { name: /^Replay rpl_/ })).toHaveCount(1);
    await expect(page.getByRole("link", { name: /^Replay rpl_/ })).toHaveAttribute("href", /^\/replays\/rpl_/);
    await saveScreenshot(page, "deliveries-replay-selected");
    // 2 first attempts, the one-click replay, and the bulk replay of both.
    await expect.poll(() => receivedFor(receiver, succeeded), { timeout: 20_000 }).toBe(5);
    expect(receivedFor(receiver, [failedCharge])).toBe(1);
  } finally {
    await page.goto("about:blank"); // a page still polling the endpoint would get 404s once it is deleted
    await deleteEndpointViaApi(request, endpointId);
    await receiver.close();
  }
});

test("hand-edited filter URLs the API would refuse show the field's error and ask nothing", async ({ page }) => {
  await signIn(page);
  await page.goto(`/deliveries?event_type=Invoice&endpoint_id=${"e".repeat(65)}`);
  await expect(page.getByLabel("Event type")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Endpoint", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Correct the filters marked above to see deliveries.")).toBeVisible();
  await page.waitForLoadState("networkidle"); // a 422 would be a console error by now
  await page.goto("/events?type=Invoice");
  await expect(page.getByLabel("Event type")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Correct the event type filter above to see events.")).toBeVisible();
  await page.waitForLoadState("networkidle");
});
