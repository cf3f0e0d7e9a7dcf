/**
 * /api/openapi.json: the REST API as an OpenAPI 3.1 document, generated (zod-openapi) from the
 * zod schemas the routes parse with (./schemas.ts, the audit filters, the workflow name). Each
 * operation names its route file; test/api/openapi.test.ts checks that every route file and method
 * under app/api is here and that the document is valid OpenAPI.
 */
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { auditFilterSchema } from "@/lib/audit/query";
import * as s from "./schemas";

export type Operation = ZodOpenApiOperationObject & { route: string };
type Method = "get" | "post" | "patch" | "delete";

const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const refused = (description: string) => json(s.errorSchema, description);
const id = z.object({ id: z.string() });
const signedIn: Record<string, string[]>[] = [{ apiKey: [] }, { session: [] }];
const NOT_FOUND = refused("Unknown, or not the caller's (the same answer)");
const UNAUTHORIZED = refused("No session and no live API key");
const BAD_REQUEST = refused("The request is invalid; the message names the field");
const FORBIDDEN = refused("A member of the workspace whose role can't do this (the message names the role)");
/** Lists and creates: an API key works in its own workspace; a session names one, else its personal workspace. */
const workspaceQuery = z.object({ workspace: z.string().optional().meta({ description: "A workspace slug (sessions only; an API key always works in its own workspace). Default: the personal workspace." }) });

/** The API: path → method → operation (with the route file that serves it). */
export const API_OPERATIONS: Record<string, Partial<Record<Method, Operation>>> = {
  "/api/workflows": {
    get: { route: "app/api/workflows/route.ts", summary: "The workflows of a workspace (an API key's own)", security: signedIn, requestParams: { query: workspaceQuery }, responses: { "200": json(z.object({ workflows: z.array(s.workflowListItemSchema) }), "Newest change first"), "401": UNAUTHORIZED } },
    post: { route: "app/api/workflows/route.ts", summary: "Create a workflow (the starter definition) in a workspace; editors and above", security: signedIn, requestParams: { query: workspaceQuery }, requestBody: { content: { "application/json": { schema: s.createWorkflowSchema } } }, responses: { "201": json(z.object({ workflow: s.workflowSummarySchema }), "Created"), "400": BAD_REQUEST, "401": UNAUTHORIZED, "403": FORBIDDEN, "404": refused("No such workspace") } },
  },
  "/api/workflows/{id}": {
    get: { route: "app/api/workflows/[id]/route.ts", summary: "A workflow with its current definition and revision", security: signedIn, requestParams: { path: id }, responses: { "200": json(z.object({ workflow: s.workflowDetailSchema }), "The workflow"), "401": UNAUTHORIZED, "404": NOT_FOUND } },
    patch: {
      route: "app/api/workflows/[id]/route.ts",
      summary: "Rename it and/or replace its definition (conditional on its revision)",
      security: signedIn,
      requestParams: { path: id },
      requestBody: { content: { "application/json": { schema: s.patchWorkflowSchema } } },
      responses: { "200": json(z.object({ workflow: s.workflowDetailSchema }), "Saved"), "400": BAD_REQUEST, "401": UNAUTHORIZED, "403": FORBIDDEN, "404": NOT_FOUND, "409": json(s.errorSchema.extend({ revision: z.number().int() }), "Changed since that revision: GET it and apply the change again") },
    },
    delete: { route: "app/api/workflows/[id]/route.ts", summary: "Delete it and its runs", security: signedIn, requestParams: { path: id }, responses: { "204": { description: "Deleted" }, "401": UNAUTHORIZED, "403": FORBIDDEN, "404": NOT_FOUND } },
  },
  "/api/workflows/{id}/runs": {
    post: {
      route: "app/api/workflows/[id]/runs/route.ts",
      summary: "Start a run of the current definition",
      security: signedIn,
      requestParams: { path: id, query: s.waitQuerySchema },
      requestBody: { content: { "application/json": { schema: s.startRunSchema } } },
      responses: { "200": json(s.runResultSchema, "With ?wait=true: the run ended or paused"), "202": json(s.runAcceptedSchema, "Started (or still running after the wait bound)"), "400": BAD_REQUEST, "401": UNAUTHORIZED, "403": FORBIDDEN, "404": NOT_FOUND, "409": refused("Not runnable (problems in the definition, or Trigger.dev refused)") },
    },
  },
  "/api/runs/{id}": {
    get: { route: "app/api/runs/[id]/route.ts", summary: "The run result", security: signedIn, requestParams: { path: id }, responses: { "200": json(s.runResultSchema, "While running, from the latest snapshot (header FlowMaestro-Run-Seq names the last event it reflects)"), "401": UNAUTHORIZED, "404": NOT_FOUND } },
  },
  "/api/runs/{id}/cancel": {
    post: { route: "app/api/runs/[id]/cancel/route.ts", summary: "Cancel a running or paused run", security: signedIn, requestParams: { path: id }, responses: { "200": json(s.runAcceptedSchema, "Cancelled"), "202": json(s.runAcceptedSchema, "Another process runs it: cancelling"), "401": UNAUTHORIZED, "403": FORBIDDEN, "404": NOT_FOUND } },
  },
  "/api/runs/{id}/resume": {
    post: { route: "app/api/runs/[id]/resume/route.ts", summary: "Answer a waitpoint (approval, input) of a paused run", security: signedIn, requestParams: { path: id }, requestBody: { content: { "application/json": { schema: s.resumeSchema } } }, responses: { "202": json(s.runAcceptedSchema, "The run continues"), "400": BAD_REQUEST, "401": UNAUTHORIZED, "403": FORBIDDEN, "404": NOT_FOUND, "409": refused("Already answered, expired, or the run ended") } },
  },
  "/api/runs/{id}/rerun": {
    post: { route: "app/api/runs/[id]/rerun/route.ts", summary: "A new run with the same version and inputs", security: signedIn, requestParams: { path: id }, requestBody: { required: false, content: { "application/json": { schema: s.rerunSchema } } }, responses: { "202": json(s.runAcceptedSchema, "Started"), "400": BAD_REQUEST, "401": UNAUTHORIZED, "403": FORBIDDEN, "404": NOT_FOUND, "409": refused("Still running, or not failed for fromFailed") } },
  },
  "/api/runs/{id}/events": {
    get: { route: "app/api/runs/[id]/events/route.ts", summary: "The run's events as Server-Sent Events (Last-Event-ID resumes)", security: signedIn, requestParams: { path: id }, responses: { "200": { description: "text/event-stream: `id: <seq>` and `data: <event JSON>` per event; `event: chunk` for streamed LLM text", content: { "text/event-stream": { schema: z.string() } } }, "401": UNAUTHORIZED, "404": NOT_FOUND } },
  },
  "/api/runs/{id}/trigger-token": {
    get: { route: "app/api/runs/[id]/trigger-token/route.ts", summary: "A read token for following a Trigger.dev run with @trigger.dev/react-hooks", security: signedIn, requestParams: { path: id }, responses: { "200": json(s.triggerTokenSchema, "A fresh token"), "401": UNAUTHORIZED, "404": NOT_FOUND } },
  },
  "/api/hooks/{workflowId}/{secret}": {
    post: {
      route: "app/api/hooks/[workflowId]/[secret]/route.ts",
      summary: "Start a run from a webhook (the URL's secret is the credential)",
      requestParams: { path: z.object({ workflowId: z.string(), secret: z.string() }) },
      requestBody: { required: false, content: { "application/json": { schema: z.unknown() }, "text/plain": { schema: z.string() } } },
      responses: { "202": json(s.runAcceptedSchema, "Started (or the answer the webhook node configures)"), "200": json(z.object({ test: z.literal(true) }), "Captured as a test event: nothing started"), "400": BAD_REQUEST, "404": refused("Wrong workflow or secret") },
    },
  },
  "/api/share/{token}": {
    get: { route: "app/api/share/[token]/route.ts", summary: "A shared run's result (the share link's token is the credential; read-only, secrets masked)", requestParams: { path: z.object({ token: z.string() }) }, responses: { "200": json(s.runResultSchema, "The run result"), "404": refused("Not shared (any more)") } },
  },
  "/api/share/{token}/events": {
    get: { route: "app/api/share/[token]/events/route.ts", summary: "A shared run's events as Server-Sent Events", requestParams: { path: z.object({ token: z.string() }) }, responses: { "200": { description: "text/event-stream", content: { "text/event-stream": { schema: z.string() } } }, "404": refused("Not shared (any more)") } },
  },
  "/api/audit": {
    get: {
      route: "app/api/audit/route.ts",
      summary: "A workspace's audit log, newest first (JSON, or CSV with format=csv); admins and owners",
      security: signedIn,
      requestParams: { query: auditFilterSchema.extend({ format: z.enum(["json", "csv"]).optional() }).extend(workspaceQuery.shape) },
      responses: { "200": { description: "The entries", content: { "application/json": { schema: z.object({ events: z.array(s.auditEventSchema) }) }, "text/csv": { schema: z.string() } } }, "400": BAD_REQUEST, "401": UNAUTHORIZED, "403": FORBIDDEN, "404": refused("No such workspace") },
    },
  },
  "/api/mcp": {
    post: {
      route: "app/api/mcp/route.ts",
      summary: "The MCP server (Streamable HTTP, stateless): the workflows marked as tools in Settings → MCP, for MCP clients",
      security: [{ apiKey: [] }],
      requestBody: { content: { "application/json": { schema: z.record(z.string(), z.unknown()).meta({ description: "A JSON-RPC message of the Model Context Protocol" }) } } },
      responses: { "200": { description: "JSON-RPC answers, as JSON or an event stream (progress while a run goes on)", content: { "text/event-stream": { schema: z.string() }, "application/json": { schema: z.record(z.string(), z.unknown()) } } }, "202": { description: "A notification or response accepted" }, "401": refused("No API key (a session cookie is not taken here)") },
    },
  },
  "/api/health": {
    get: { route: "app/api/health/route.ts", summary: "Is the database open and writable; which runtime runs workflows", responses: { "200": json(s.healthSchema, "Healthy"), "503": json(s.healthSchema, "The database can't be opened or written") } },
  },
  "/api/openapi.json": {
    get: { route: "app/api/openapi.json/route.ts", summary: "This document", responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } } } },
  },
};

/** Named components: the schemas shared by several operations. */
const COMPONENTS = {
  Error: s.errorSchema,
  RunResult: s.runResultSchema,
  RunAccepted: s.runAcceptedSchema,
  Workflow: s.workflowDetailSchema,
  WorkflowSummary: s.workflowSummarySchema,
  WorkflowListItem: s.workflowListItemSchema,
  AuditEvent: s.auditEventSchema,
};

let built: ReturnType<typeof createDocument> | undefined;

export function openApiDocument(): ReturnType<typeof createDocument> {
  if (built) return built;
  const paths: ZodOpenApiPathsObject = {};
  for (const [path, methods] of Object.entries(API_OPERATIONS)) {
    paths[path] = Object.fromEntries(Object.entries(methods).map(([method, { route, ...operation }]) => [method, { ...operation, "x-route": route }]));
  }
  built = createDocument({
    openapi: "3.1.0",
    info: { title: "FlowMaestro", version: "1", description: "Workflows, runs and their results over REST. Authenticate with `Authorization: Bearer <API key>` (Settings → API keys), or the app's session cookie from its own pages. See docs/runs-api.md." },
    paths,
    components: {
      schemas: COMPONENTS,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key from Settings → API keys (fm_…)" },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The app's session; writes must come from the app's own origin with Content-Type: application/json" },
      },
    },
  });
  return built;
}
