// What the endpoint services need from the web process (its enqueue-only pg-boss, the configured
// recovery ramp and target policy), built in one place for the REST routes and the portal's tRPC.
import { requireDatabaseUrl, type Db } from "../../db/client";
import { env } from "../../env";
import { webBoss } from "../../jobs/boss";
import { isolationConfig } from "../isolation/isolation-config";
import type { EnableDeps } from "./endpoint-enable.service";
import type { TestEventDeps } from "./endpoint-test-event.service";
import { endpointPolicy, type UpdateDeps } from "./endpoint.service";

export async function testEventDeps(db: Db): Promise<TestEventDeps> {
  return { db, boss: await webBoss(requireDatabaseUrl()) };
}

export async function enableDeps(db: Db): Promise<EnableDeps> {
  return { ...(await testEventDeps(db)), ramp: isolationConfig(env()).ramp };
}

export async function updateDeps(db: Db): Promise<UpdateDeps> {
  return { ...(await enableDeps(db)), policy: endpointPolicy(env()) };
}
