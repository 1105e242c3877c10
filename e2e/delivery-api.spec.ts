// The delivery engine through the built app and the real worker, as an internal service and a
// customer use it over HTTP: create an endpoint, publish (REST and tRPC), see it delivered, signed.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { createPublisherClient } from "../server/trpc/publisher-client";
import { expect, test } from "./fixtures";

type Demo = { tenantId: string; apiKey: string; serviceToken: string };
const demo = () => JSON.parse(readFileSync(".data/e2e/demo-credentials.json", "utf8")) as Demo;

test("publish over REST and tRPC → signed delivery to the endpoint → visible in the deliveries API", async ({ request, baseURL }) => {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const { port } = receiver.address() as AddressInfo;
  const { tenantId, apiKey, serviceToken } = demo();
  const auth = { authorization: `Bearer ${apiKey}` };
  let endpointId: string | undefined;
  try {
    const created = await request.post("/api/v1/endpoints", {
      headers: auth,
      data: { url: `http://127.0.0.1:${port}/hooks`, event_types: ["invoice.*"] },
    });
    expect(created.status()).toBe(201);
    const endpoint = (await created.json()) as { id: string; secret: string };
    endpointId = endpoint.id;

    const published = await request.post("/api/v1/events", {
      headers: { authorization: `Bearer ${serviceToken}`, "idempotency-key": `e2e-${Date.now()}` },
      data: { tenant_id: tenantId, type: "invoice.paid", data: { amount: 1200 } },
    });
    expect(published.status()).toBe(202);
    const event = (await published.json()) as { id: string; matched_endpoints: number };
    expect(event.matched_endpoints).toBeGreaterThanOrEqual(1);

    const hookline = createPublisherClient({ url: baseURL!, serviceToken });
    const viaTrpc = await hookline.events.publish.mutate({ tenant_id: tenantId, type: "invoice.paid", data: { amount: 3400 } });

    await expect.poll(() => received.filter((r) => r.headers["webhook-id"] === event.id || r.headers["webhook-id"] === viaTrpc.id).length).toBe(2);
    for (const delivery of received) expect(() => new Webhook(endpoint.secret).verify(delivery.body, delivery.headers as Record<string, string>)).not.toThrow();

    await expect
      .poll(async () => {
        const list = await request.get(`/api/v1/deliveries?endpoint_id=${endpoint.id}&status=delivered`, { headers: auth });
        return ((await list.json()) as { data: unknown[] }).data.length;
      })
      .toBe(2);
    const metrics = await (await request.get("/api/metrics")).text();
    expect(metrics).toMatch(/hookline_events_ingested_total\{type="invoice.paid"\} [1-9]/);
  } finally {
    if (endpointId) await request.delete(`/api/v1/endpoints/${endpointId}`, { headers: auth });
    receiver.close();
  }
});
