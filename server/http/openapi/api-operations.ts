// Every REST route, once, for the OpenAPI document. Request schemas are the very objects the route
// files pass to readJson/readQuery (both import them from the module's .schemas.ts, so they cannot
// drift apart); response schemas sit beside the mappers that produce the bodies, which are typed by
// them. openapi-document.test.ts fails when a route file on disk is missing here, or the reverse.
import { z } from "zod";
import { pageSchema } from "../../lib/pagination";
import { apiKeyResource, createApiKeySchema, createdApiKeyResource, listApiKeysQuery } from "../../modules/api-keys/api-key.schemas";
import { deliveryDetailResource, deliveryResource, listDeliveriesQuery } from "../../modules/deliveries/delivery.schemas";
import { endpointHealthResource } from "../../modules/endpoints/endpoint-health.schemas";
import {
  createEndpointSchema,
  endpointResource,
  endpointWithSecretResource,
  listEndpointsQuery,
  rotatedSecretResource,
  rotateSecretSchema,
  sendTestEventSchema,
  testEventSentResource,
  updateEndpointSchema,
} from "../../modules/endpoints/endpoint.schemas";
import { createEventTypeSchema, eventTypeResource } from "../../modules/event-types/event-type.schemas";
import { eventDetailResource } from "../../modules/events/event-detail.schemas";
import { eventResource, idempotencyKeySchema, listEventsQuery, publishedEventResource, publishEventSchema } from "../../modules/events/event.schemas";
import { healthReportResource } from "../../modules/health/health.schemas";
import { createReplaySchema, listReplaysQuery, replayResource } from "../../modules/replays/replay.schemas";
import { createdServiceTokenResource, createServiceTokenSchema } from "../../modules/service-tokens/service-token.schemas";
import { createdTenantResource, createTenantSchema } from "../../modules/tenants/tenant.schemas";
import { addedMemberResource, addMemberSchema } from "../../modules/users/membership-admin.schemas";
import { type ApiOperation, group, noContent, type OperationSpec } from "./api-operation";

/** Response schemas shared by several operations get one name; the rest are named after their operation. */
export const SCHEMA_NAMES = new Map<z.ZodType, string>([
  [endpointResource, "Endpoint"],
  [deliveryResource, "Delivery"],
  [eventTypeResource, "EventType"],
  [apiKeyResource, "ApiKey"],
  [replayResource, "Replay"],
]);

const openApiJson = z.record(z.string(), z.unknown()).describe("An OpenAPI 3.1 document.");

const admin = group("Admin", "admin", [
  {
    operationId: "createTenant",
    method: "post",
    path: "/api/v1/admin/tenants",
    summary: "Create a tenant with its first API key",
    body: createTenantSchema,
    responses: { 201: { description: "The tenant and its API key (shown once).", schema: createdTenantResource } },
  },
  {
    operationId: "addTenantMember",
    method: "post",
    path: "/api/v1/admin/tenants/{id}/members",
    summary: "Add a user to a tenant, creating the user if the email is new",
    description:
      "A known email gets the membership only (password and name are left as they are). A new email becomes a portal user: " +
      "then a password is required (422 naming it otherwise). 404 for an unknown tenant, 409 if the user is already a member.",
    body: addMemberSchema,
    responses: { 201: { description: "The membership.", schema: addedMemberResource } },
    errors: [409],
  },
  {
    operationId: "createServiceToken",
    method: "post",
    path: "/api/v1/admin/service-tokens",
    summary: "Create a service token for an internal publisher",
    body: createServiceTokenSchema,
    responses: { 201: { description: "The token (shown once).", schema: createdServiceTokenResource } },
  },
  {
    operationId: "createEventType",
    method: "post",
    path: "/api/v1/admin/event-types",
    summary: "Register an event type (platform-wide)",
    body: createEventTypeSchema,
    responses: { 201: { description: "The event type.", schema: eventTypeResource } },
    errors: [409],
  },
]);

const eventTypes = group("Event types", "tenant", [
  {
    operationId: "listEventTypes",
    method: "get",
    path: "/api/v1/event-types",
    summary: "List the registered event types",
    responses: { 200: { description: "Every event type (one page).", schema: pageSchema(eventTypeResource) } },
  },
]);

const publishing = group("Events", "service", [
  {
    operationId: "publishEvent",
    method: "post",
    path: "/api/v1/events",
    summary: "Publish an event for a tenant",
    description:
      "Fans the event out to the tenant's subscribed endpoints. With an Idempotency-Key, the same key and body answer with the first " +
      "response (Idempotent-Replayed: true); the same key with a different body is 409. Payloads over 256 KiB are 413; a tenant " +
      "publishing faster than its ingest rate gets 429 with Retry-After.",
    headers: { "Idempotency-Key": { schema: idempotencyKeySchema, description: "Makes retries of this publish safe (kept 24 h per tenant)." } },
    body: publishEventSchema,
    responses: {
      202: {
        description: "Accepted; deliveries are scheduled.",
        schema: publishedEventResource,
        headers: ["RateLimitLimit", "RateLimitRemaining", "RateLimitReset", "IdempotentReplayed"],
      },
    },
    errors: [404, 409],
  },
]);

const events = group("Events", "tenant", [
  {
    operationId: "listEvents",
    method: "get",
    path: "/api/v1/events",
    summary: "List events, newest first, without payloads",
    query: listEventsQuery,
    responses: { 200: { description: "A page of events.", schema: pageSchema(eventResource) } },
  },
  {
    operationId: "getEvent",
    method: "get",
    path: "/api/v1/events/{id}",
    summary: "Get an event with its payload and deliveries",
    responses: { 200: { description: "The event.", schema: eventDetailResource } },
  },
]);

const endpoints = group("Endpoints", "tenant", [
  {
    operationId: "createEndpoint",
    method: "post",
    path: "/api/v1/endpoints",
    summary: "Create an endpoint",
    description: "The URL must be https (unless private targets are allowed); event_types must name registered types or wildcards.",
    body: createEndpointSchema,
    responses: { 201: { description: "The endpoint with its signing secret (the only read that shows it).", schema: endpointWithSecretResource } },
  },
  {
    operationId: "listEndpoints",
    method: "get",
    path: "/api/v1/endpoints",
    summary: "List endpoints, newest first",
    query: listEndpointsQuery,
    responses: { 200: { description: "A page of endpoints.", schema: pageSchema(endpointResource) } },
  },
  {
    operationId: "getEndpoint",
    method: "get",
    path: "/api/v1/endpoints/{id}",
    summary: "Get an endpoint",
    responses: { 200: { description: "The endpoint (never its secret).", schema: endpointResource } },
  },
  {
    operationId: "updateEndpoint",
    method: "patch",
    path: "/api/v1/endpoints/{id}",
    summary: "Update an endpoint",
    description: "Any non-empty subset of the create fields, validated the same way.",
    body: updateEndpointSchema,
    responses: { 200: { description: "The updated endpoint.", schema: endpointResource } },
  },
  {
    operationId: "deleteEndpoint",
    method: "delete",
    path: "/api/v1/endpoints/{id}",
    summary: "Delete an endpoint and its deliveries",
    responses: noContent("Deleted."),
  },
  {
    operationId: "rotateEndpointSecret",
    method: "post",
    path: "/api/v1/endpoints/{id}/rotate-secret",
    summary: "Rotate the signing secret, keeping the old one valid for an overlap",
    description: "During the overlap every delivery carries one v1 signature per valid secret.",
    body: rotateSecretSchema,
    responses: { 200: { description: "The new secret (shown once).", schema: rotatedSecretResource } },
  },
  {
    operationId: "enableEndpoint",
    method: "post",
    path: "/api/v1/endpoints/{id}/enable",
    summary: "Re-enable an endpoint; its held deliveries resume",
    responses: { 200: { description: "The endpoint.", schema: endpointResource } },
  },
  {
    operationId: "sendTestEvent",
    method: "post",
    path: "/api/v1/endpoints/{id}/test",
    summary: "Send a signed example event to this endpoint",
    description: "Of the given type, or the endpoint's first subscribed one, through the normal delivery pipeline. A disabled endpoint is 409.",
    body: sendTestEventSchema,
    responses: { 202: { description: "The test event and its delivery.", schema: testEventSentResource } },
    errors: [409],
  },
  {
    operationId: "getEndpointHealth",
    method: "get",
    path: "/api/v1/endpoints/{id}/health",
    summary: "Circuit state, success rate and latency over 24 h, last attempt, disabled reason",
    responses: { 200: { description: "The endpoint's health.", schema: endpointHealthResource } },
  },
]);

const deliveries = group("Deliveries", "tenant", [
  {
    operationId: "listDeliveries",
    method: "get",
    path: "/api/v1/deliveries",
    summary: "List deliveries, newest first, with filters",
    query: listDeliveriesQuery,
    responses: { 200: { description: "A page of deliveries.", schema: pageSchema(deliveryResource) } },
  },
  {
    operationId: "getDelivery",
    method: "get",
    path: "/api/v1/deliveries/{id}",
    summary: "Get a delivery with its attempt timeline",
    responses: { 200: { description: "The delivery and its attempts.", schema: deliveryDetailResource } },
  },
]);

const replayAction = (action: "pause" | "resume" | "cancel", summary: string): OperationSpec => ({
  operationId: `${action}Replay`,
  method: "post",
  path: `/api/v1/replays/{id}/${action}`,
  summary,
  description: "Asking for the state the replay is already in is not an error; a finished replay is 409.",
  responses: { 200: { description: "The replay.", schema: replayResource } },
  errors: [409],
});

const replays = group("Replays", "tenant", [
  {
    operationId: "replayDelivery",
    method: "post",
    path: "/api/v1/deliveries/{id}/replay",
    summary: "Send one delivery again (a replay of one)",
    description: "Keeps the original webhook-id; the attempt is recorded with trigger `replay`. A delivery still on its way is 409.",
    responses: { 202: { description: "The replay that sends it.", schema: replayResource } },
    errors: [409],
  },
  {
    operationId: "createReplay",
    method: "post",
    path: "/api/v1/replays",
    summary: "Replay an endpoint's settled deliveries matching a filter, at a chosen rate",
    description:
      "Runs in the background at rate_per_second, never faster than the endpoint's own rate limit, recovery ramp or concurrency cap. " +
      "The matching deliveries are fixed when it is created (exact progress).",
    body: createReplaySchema,
    responses: { 202: { description: "The replay, with its total.", schema: replayResource } },
    errors: [404],
  },
  {
    operationId: "listReplays",
    method: "get",
    path: "/api/v1/replays",
    summary: "List replays, newest first",
    query: listReplaysQuery,
    responses: { 200: { description: "A page of replays.", schema: pageSchema(replayResource) } },
  },
  {
    operationId: "getReplay",
    method: "get",
    path: "/api/v1/replays/{id}",
    summary: "Get a replay's state and progress (total, sent, delivered, failed)",
    responses: { 200: { description: "The replay.", schema: replayResource } },
  },
  replayAction("pause", "Pause a replay: no new requests until resumed"),
  replayAction("resume", "Resume a paused replay"),
  replayAction("cancel", "Cancel a replay for good"),
]);

const apiKeys = group("API keys", "tenant", [
  {
    operationId: "createApiKey",
    method: "post",
    path: "/api/v1/api-keys",
    summary: "Create an API key",
    body: createApiKeySchema,
    responses: { 201: { description: "The key resource and the full key (shown once).", schema: createdApiKeyResource } },
  },
  {
    operationId: "listApiKeys",
    method: "get",
    path: "/api/v1/api-keys",
    summary: "List API keys (prefix, name, created, last used), newest first",
    query: listApiKeysQuery,
    responses: { 200: { description: "A page of keys, revoked ones included.", schema: pageSchema(apiKeyResource) } },
  },
  {
    operationId: "revokeApiKey",
    method: "delete",
    path: "/api/v1/api-keys/{id}",
    summary: "Revoke an API key (at once; again is 204 too)",
    responses: noContent("Revoked."),
  },
]);

const meta = group("Meta", "public", [
  {
    operationId: "getOpenApiDocument",
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This OpenAPI 3.1 document",
    responses: { 200: { description: "The document.", schema: openApiJson } },
  },
  {
    operationId: "getHealth",
    method: "get",
    path: "/api/health",
    summary: "Liveness and database reachability",
    responses: {
      200: { description: "Up, and the database answers.", schema: healthReportResource },
      503: { description: "The database is unreachable.", schema: healthReportResource },
    },
  },
]);

export const API_OPERATIONS: readonly ApiOperation[] = [...admin, ...eventTypes, ...publishing, ...events, ...endpoints, ...deliveries, ...replays, ...apiKeys, ...meta];
