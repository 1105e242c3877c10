// GET /api/v1/openapi.json — public: the OpenAPI 3.1 document of the REST API, generated once per process.
import { openApiDocument } from "@/server/http/openapi/openapi-document";

export async function GET(): Promise<Response> {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
