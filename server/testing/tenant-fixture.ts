// A tenant with an API key, a service token and event types, created through the real services.
import type { Db } from "../db/client";
import { clearAccessCaches } from "../modules/access/access.service";
import { ensureEventTypes } from "../modules/event-types/event-type.service";
import { createServiceToken } from "../modules/service-tokens/service-token.service";
import { createTenant } from "../modules/tenants/tenant.service";

export type TenantFixture = { tenantId: string; apiKey: string; serviceToken: string };

export const TEST_EVENT_TYPES = ["invoice.paid", "invoice.payment.failed", "customer.created", "ping"];

export async function createTenantFixture(db: Db, name = "Acme"): Promise<TenantFixture> {
  await ensureEventTypes(db, TEST_EVENT_TYPES.map((typeName) => ({ name: typeName })));
  const created = await createTenant(db, { name });
  const token = await createServiceToken(db, { name: `${name} publisher` });
  clearAccessCaches();
  return { tenantId: created.tenant.id, apiKey: created.api_key, serviceToken: token.token };
}
