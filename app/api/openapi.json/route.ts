// GET /api/openapi.json: the REST API as OpenAPI 3.1, generated from the zod schemas the routes
// use (lib/api/openapi.ts). Public: it describes the API, not anyone's data.
import { openApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-static";

export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
