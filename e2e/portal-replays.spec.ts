// Journey (issue 6): the receiver answers 500 → the attempt timeline shows the failed attempts and the
// next retry; the receiver is fixed → a filtered replay at 2/s from /replays/new → the progress bar
// reaches 100 % and the deliveries show delivered. Then pause, resume and cancel on a slow replay.
// Event type: invoice.payment_failed (no other spec publishes it).
//
// Timing: playwright.config.ts sets RETRY_SCHEDULE "3s" (one retry) and the receiver asks for
// Retry-After: 10, so each delivery fails twice over ~10 s (ample time to see the next retry's
// countdown on a slow machine), and 4 deliveries × 2 attempts = 8 failures stay under the circuit
// breaker's 10-attempt minimum (an open circuit would hold the retries and make the replay wait for
// a probe).
import type { APIRequestContext } from "@playwright/test";
import { busiestWindow } from "../server/testing/request-windows";
import { expect, saveScreenshot, test } from "./fixtures";
import { createEndpointViaApi, deleteEndpointViaApi, demo, publishEvent, signIn, startReceiver } from "./portal-helpers";

const EVENT_TYPE = "invoice.payment_failed";
const EVENTS = 4;
const RETRY_AFTER_S = 10;

type Delivery = { id: string; status: string };

async function deliveriesOf(request: APIRequestContext, endpointId: string): Promise<Delivery[]> {
  const response = await request.get(`/api/v1/deliveries?endpoint_id=${endpointId}&limit=100`, { headers: { authorization: `Bearer ${demo().apiKey}` } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { data: Delivery[] }).data;
}

const countWith = (deliveries: Delivery[], status: string) => deliveries.filter((delivery) => delivery.status === status).length;

test("failing receiver → retries on the timeline → fixed → filtered replay at 2/s → delivered", async ({ page, request }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver(500);
  receiver.setStatus(500, { "retry-after": String(RETRY_AFTER_S) });
  let endpointId: string | undefined;
  try {
    await signIn(page);
    const endpoint = await createEndpointViaApi(request, receiver.url, [EVENT_TYPE]);
    endpointId = endpoint.id;
    const eventIds: string[] = [];
    for (let i = 0; i < EVENTS; i++) eventIds.push(await publishEvent(request, EVENT_TYPE, { invoice: `in_e2e_${i}`, amount_due: 1900 + i }));

    // A delivery whose first attempt failed: its page shows the failure and when it is tried again.
    let retrying: Delivery | undefined;
    await expect.poll(async () => (retrying = (await deliveriesOf(request, endpoint.id)).find((d) => d.status === "retrying"))?.id, { timeout: 15_000 }).toBeTruthy();
    await page.goto(`/deliveries/${retrying!.id}`);
    const timeline = page.getByRole("list", { name: "Attempt timeline" });
    await expect(timeline.getByRole("listitem").first()).toContainText("Attempt 1");
    await expect(timeline.getByRole("listitem").first()).toContainText("failed");
    await expect(page.getByTestId("next-retry")).toContainText(/Next retry in \d/);
    await saveScreenshot(page, "replay-journey-retrying");

    // The retry fails too and the schedule is used up: failed for good, no next retry.
    await expect(timeline.getByRole("listitem")).toHaveCount(2, { timeout: RETRY_AFTER_S * 1_000 + 10_000 });
    await expect(timeline.getByRole("listitem").nth(1)).toContainText("failed");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("failed");
    await expect(page.getByTestId("next-retry")).toHaveCount(0);
    await expect.poll(async () => countWith(await deliveriesOf(request, endpoint.id), "failed"), { timeout: RETRY_AFTER_S * 1_000 + 15_000 }).toBe(EVENTS);

    // The receiver is fixed; replay the failed deliveries at 2/s through the form.
    receiver.setStatus(200);
    await page.getByRole("link", { name: "Replays" }).click();
    await page.getByRole("link", { name: "New replay" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "New replay" })).toBeVisible();
    await page.getByLabel("Endpoint", { exact: true }).selectOption(endpoint.id);
    await expect(page.getByRole("checkbox", { name: "failed" })).toBeChecked();
    await page.getByLabel("Event types (optional)").fill(EVENT_TYPE);
    await page.getByLabel("Drip rate (deliveries per second)").fill("2");
    const preview = page.getByTestId("replay-preview");
    await expect(preview).toContainText(`${EVENTS} deliveries match`);
    await expect(preview).toContainText("At 2/s this takes about 2.0 s");
    await saveScreenshot(page, "replay-new");

    const before = receiver.received.length;
    await page.getByRole("button", { name: "Start replay" }).click();
    await expect(page).toHaveURL(/\/replays\/rpl_/);
    const replayId = new URL(page.url()).pathname.split("/").pop()!;
    const progress = page.getByRole("progressbar", { name: "Replay progress" });
    await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
    await expect(page.getByTestId("replay-state")).toHaveText("completed");
    await expect(page.getByRole("button", { name: "Pause" })).toHaveCount(0);
    await saveScreenshot(page, "replay-progress");

    // Each delivery reached the receiver once more, no faster than the drip rate allows.
    await expect.poll(() => receiver.received.length - before).toBe(EVENTS);
    const replayed = receiver.received.slice(before);
    expect(replayed.map((r) => r.headers["webhook-id"]).sort()).toEqual([...eventIds].sort());
    const times = replayed.map((r) => r.at);
    const busiest = busiestWindow(times).count;
    const span = Math.max(...times) - Math.min(...times);
    console.log(`replay at 2/s: ${EVENTS} requests over ${span} ms, at most ${busiest} in any 1 s window`);
    expect(busiest).toBeLessThanOrEqual(3);
    expect(span).toBeGreaterThanOrEqual(900);

    // The deliveries are delivered now, by a replay attempt.
    await expect.poll(async () => countWith(await deliveriesOf(request, endpoint.id), "delivered"), { timeout: 15_000 }).toBe(EVENTS);
    await page.goto(`/deliveries/${retrying!.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("delivered");
    await expect(timeline.getByRole("listitem")).toHaveCount(3);
    await expect(timeline.getByRole("listitem").last()).toContainText("replay");
    await expect(timeline.getByRole("listitem").last()).toContainText("delivered");

    await page.getByRole("link", { name: "Replays" }).click();
    await expect(page.getByRole("row").filter({ hasText: replayId })).toContainText("completed");
    await saveScreenshot(page, "replays-list");

    // A slow replay (prefilled from the URL) can be paused, resumed and cancelled.
    await page.goto(`/replays/new?endpoint_id=${endpoint.id}&status=delivered&event_type=${EVENT_TYPE}`);
    await expect(page.getByLabel("Endpoint", { exact: true })).toHaveValue(endpoint.id);
    await expect(page.getByRole("checkbox", { name: "delivered" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "failed" })).not.toBeChecked();
    await expect(page.getByLabel("Event types (optional)")).toHaveValue(EVENT_TYPE);
    await page.getByLabel("Drip rate (deliveries per second)").fill("0.1");
    await expect(preview).toContainText(`${EVENTS} deliveries match`);
    await page.getByRole("button", { name: "Start replay" }).click();
    await expect(page.getByTestId("replay-state")).toHaveText("running");
    await saveScreenshot(page, "replay-progress-running");
    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByTestId("replay-state")).toHaveText("paused");
    await page.getByRole("button", { name: "Resume" }).click();
    await expect(page.getByTestId("replay-state")).toHaveText("running");
    await page.getByRole("button", { name: "Cancel replay" }).click();
    await page.getByRole("dialog", { name: "Cancel this replay?" }).getByRole("button", { name: "Stop sending" }).click();
    await expect(page.getByTestId("replay-state")).toHaveText("cancelled");
    await expect(page.getByRole("button", { name: "Resume" })).toHaveCount(0);
    await saveScreenshot(page, "replay-cancelled");
  } finally {
    await page.goto("about:blank"); // a page still polling the endpoint would get 404s once it is deleted
    await deleteEndpointViaApi(request, endpointId);
    await receiver.close();
  }
});
