// /api/openapi.json (lib/api/openapi.ts): every route file and method under app/api is in it
// (Auth.js's own endpoints aside), every operation points at a route file that exports its method,
// the request bodies are the very schemas the routes parse with, and the document is valid
// OpenAPI 3.1 by the official JSON Schema (@seriousme/openapi-schema-validator, offline).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { z } from "zod";
import { API_OPERATIONS, openApiDocument } from "../../lib/api/openapi";
import { patchWorkflowSchema, resumeSchema, rerunSchema, startRunSchema } from "../../lib/api/schemas";
import * as openapiRoute from "../../app/api/openapi.json/route";

const root = join(import.meta.dirname, "../..");
const NOT_DOCUMENTED = new Set(["app/api/auth/[...nextauth]/route.ts"]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name === "route.ts" ? [relative(root, path)] : [];
  });
}

const methodsOf = (file: string) => [...readFileSync(join(root, file), "utf8").matchAll(/export (?:async )?function (GET|POST|PATCH|DELETE|PUT)\b/g)].map((m) => m[1].toLowerCase()).sort();

test("every route and method under app/api is documented, and every documented one exists", () => {
  const documented = new Map<string, string[]>();
  for (const methods of Object.values(API_OPERATIONS)) for (const [method, op] of Object.entries(methods)) documented.set(op!.route, [...(documented.get(op!.route) ?? []), method].sort());
  const problems: string[] = [];
  for (const file of routeFiles(join(root, "app/api"))) {
    if (NOT_DOCUMENTED.has(file)) continue;
    const exported = methodsOf(file);
    const listed = documented.get(file) ?? [];
    if (JSON.stringify(exported) !== JSON.stringify(listed)) problems.push(`${file}: exports ${exported.join(", ") || "nothing"}, the document has ${listed.join(", ") || "nothing"}`);
    documented.delete(file);
  }
  for (const file of documented.keys()) problems.push(`${file}: in the document, but no such route file`);
  assert.deepEqual(problems, []);
});

test("each path's template matches its route file's folders", () => {
  for (const [path, methods] of Object.entries(API_OPERATIONS)) {
    for (const op of Object.values(methods)) {
      const fromFile = `/${op!.route.replace(/^app\//, "").replace(/\/route\.ts$/, "").replace(/\[([^\]]+)\]/g, "{$1}")}`;
      assert.equal(path, fromFile, op!.route);
    }
  }
});

test("request bodies are the schemas the routes parse with", () => {
  const bodyOf = (path: string, method: "post" | "patch") => (API_OPERATIONS[path][method]!.requestBody as { content: Record<string, { schema: z.ZodType }> }).content["application/json"].schema;
  assert.equal(bodyOf("/api/workflows/{id}", "patch"), patchWorkflowSchema);
  assert.equal(bodyOf("/api/workflows/{id}/runs", "post"), startRunSchema);
  assert.equal(bodyOf("/api/runs/{id}/rerun", "post"), rerunSchema);
  assert.equal(bodyOf("/api/runs/{id}/resume", "post"), resumeSchema);
  for (const [file, schema] of [["app/api/workflows/[id]/route.ts", "patchWorkflowSchema"], ["app/api/workflows/[id]/runs/route.ts", "startRunSchema"], ["app/api/runs/[id]/rerun/route.ts", "rerunSchema"], ["app/api/runs/[id]/resume/route.ts", "resumeSchema"]])
    assert.match(readFileSync(join(root, file), "utf8"), new RegExp(`readJsonBody\\(request, ${schema}`), `${file} parses with ${schema}`);
});

test("the document is valid OpenAPI 3.1, served by GET /api/openapi.json", async () => {
  const response = openapiRoute.GET();
  assert.equal(response.status, 200);
  const document = (await response.json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
  assert.deepEqual(document, JSON.parse(JSON.stringify(openApiDocument())));
  assert.equal(document.openapi, "3.1.0");
  const result = await new Validator().validate(document as unknown as Parameters<Validator["validate"]>[0]);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  assert.ok(document.components.schemas.RunResult, "shared schemas are components");
  const patch = JSON.stringify((document.paths["/api/workflows/{id}"] as { patch: unknown }).patch);
  assert.match(patch, /"revision"/, "the PATCH body names its fields");
});
