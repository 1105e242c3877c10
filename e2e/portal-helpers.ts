// Shared pieces for the portal journeys: demo credentials, UI sign-in, a loopback receiver, REST helpers.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect } from "./fixtures";

export type Demo = { tenantId: string; email: string; password: string; apiKey: string; serviceToken: string };

export const demo = (): Demo => JSON.parse(readFileSync(".data/e2e/demo-credentials.json", "utf8")) as Demo;

export const adminToken = (): string => (JSON.parse(readFileSync(".data/e2e/secrets.json", "utf8")) as { ADMIN_API_TOKEN: string }).ADMIN_API_TOKEN;

/** Signs in through the form; the portal lands on /endpoints. */
export async function signIn(page: Page, email = demo().email, password = demo().password): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/endpoints$/);
}

export type ReceivedRequest = { headers: http.IncomingHttpHeaders; body: string; /** Arrival time (ms since epoch), for rate checks. */ at: number };

export type Receiver = {
  url: string;
  received: ReceivedRequest[];
  /** The status (and extra headers, e.g. Retry-After) the next requests get: fail, then fix, the endpoint. */
  setStatus(status: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
};

/** A real HTTP receiver on 127.0.0.1 (a random port) that records every request. */
export async function startReceiver(status = 200): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  let answer = status;
  let answerHeaders: Record<string, string> = {};
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body, at: Date.now() });
      res.writeHead(answer, answerHeaders).end(answer < 300 ? "ok" : "receiver says no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    setStatus: (next, headers = {}) => {
      answer = next;
      answerHeaders = headers;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const demoAuth = () => ({ authorization: `Bearer ${demo().apiKey}` });

/** Creates an endpoint over REST as the demo tenant (for journeys that do not test the form). */
export async function createEndpointViaApi(request: APIRequestContext, url: string, eventTypes: string[]): Promise<{ id: string; secret: string }> {
  const response = await request.post("/api/v1/endpoints", { headers: demoAuth(), data: { url, event_types: eventTypes } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; secret: string };
}

/** Cleanup for `finally`: deleting an endpoint also stops its pending deliveries. */
export async function deleteEndpointViaApi(request: APIRequestContext, id: string | undefined): Promise<void> {
  if (id) await request.delete(`/api/v1/endpoints/${id}`, { headers: demoAuth() });
}

/** Publishes one event for the demo tenant with the service token; returns the event's id. */
export async function publishEvent(request: APIRequestContext, type: string, data: Record<string, unknown> = {}): Promise<string> {
  const { tenantId, serviceToken } = demo();
  const response = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${serviceToken}` },
    data: { tenant_id: tenantId, type, data },
  });
  expect(response.status()).toBe(202);
  return ((await response.json()) as { id: string }).id;
}
