// The credentialed API routes as one table (session cookie or API key, lib/http/caller), shared by
// the authorization matrix (authz.test.ts) and the CSRF cases (csrf.test.ts).
import type { Capability } from "../../lib/workspaces/roles";
import { call, json } from "./support";
import { auditRoute, cancelRoute, eventsRoute, rerunRoute, resumeRoute, runRoute, startRuns, triggerTokenRoute, workflowRoute, workflowsRoute } from "./routes";

/** `workspace`: a workspace slug the list and create routes name (?workspace=), for a session. */
export type Ids = { workflowId: string; runId: string; workspace?: string };
export type Headers = Record<string, string>;
export type CallerRoute = {
  route: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** True: the route names one of the owner's things, so another user gets 404. */
  ownerScoped: boolean;
  /** What a workspace role needs to be let through (lib/workspaces/roles.ts); below it a member gets 403. */
  capability: Capability;
  request: (ids: Ids, headers: Headers) => Promise<Response>;
};

/** The origin `call()` sends requests to: what a page of the app would put in Origin. */
export const APP_ORIGIN = "http://127.0.0.1";
/** What a browser adds to a signed-in request from one of the app's own pages. */
export const SAME_ORIGIN_JSON: Headers = { origin: APP_ORIGIN, "content-type": "application/json" };

const bodyless = (method: string, h: Headers) => ({ method, headers: h });
const inWorkspace = (path: string, ids: Ids) => (ids.workspace ? `${path}?workspace=${ids.workspace}` : path);

export const CALLER_ROUTES: CallerRoute[] = [
  { route: "app/api/workflows/[id]/runs/route.ts", method: "POST", ownerScoped: true, capability: "run", request: (ids, h) => call(startRuns.POST, `/api/workflows/${ids.workflowId}/runs`, { id: ids.workflowId }, json({ inputs: {} }, h)) },
  { route: "app/api/runs/[id]/route.ts", method: "GET", ownerScoped: true, capability: "view", request: (ids, h) => call(runRoute.GET, `/api/runs/${ids.runId}`, { id: ids.runId }, { headers: h }) },
  { route: "app/api/runs/[id]/cancel/route.ts", method: "POST", ownerScoped: true, capability: "run", request: (ids, h) => call(cancelRoute.POST, `/api/runs/${ids.runId}/cancel`, { id: ids.runId }, bodyless("POST", h)) },
  { route: "app/api/runs/[id]/resume/route.ts", method: "POST", ownerScoped: true, capability: "run", request: (ids, h) => call(resumeRoute.POST, `/api/runs/${ids.runId}/resume`, { id: ids.runId }, json({ nodeId: "ask", input: { size: 1 } }, h)) },
  { route: "app/api/runs/[id]/rerun/route.ts", method: "POST", ownerScoped: true, capability: "run", request: (ids, h) => call(rerunRoute.POST, `/api/runs/${ids.runId}/rerun`, { id: ids.runId }, json({}, h)) },
  { route: "app/api/runs/[id]/events/route.ts", method: "GET", ownerScoped: true, capability: "view", request: (ids, h) => call(eventsRoute.GET, `/api/runs/${ids.runId}/events`, { id: ids.runId }, { headers: h }) },
  { route: "app/api/runs/[id]/trigger-token/route.ts", method: "GET", ownerScoped: true, capability: "view", request: (ids, h) => call(triggerTokenRoute.GET, `/api/runs/${ids.runId}/trigger-token`, { id: ids.runId }, { headers: h }) },
  { route: "app/api/workflows/route.ts", method: "GET", ownerScoped: false, capability: "view", request: (ids, h) => call(workflowsRoute.GET, inWorkspace("/api/workflows", ids), {}, { headers: h }) },
  { route: "app/api/workflows/route.ts", method: "POST", ownerScoped: false, capability: "edit", request: (ids, h) => call(workflowsRoute.POST, inWorkspace("/api/workflows", ids), {}, json({ name: "From the API" }, h)) },
  { route: "app/api/workflows/[id]/route.ts", method: "GET", ownerScoped: true, capability: "view", request: (ids, h) => call(workflowRoute.GET, `/api/workflows/${ids.workflowId}`, { id: ids.workflowId }, { headers: h }) },
  { route: "app/api/workflows/[id]/route.ts", method: "PATCH", ownerScoped: true, capability: "edit", request: (ids, h) => call(workflowRoute.PATCH, `/api/workflows/${ids.workflowId}`, { id: ids.workflowId }, { ...json({ name: "Renamed" }, h), method: "PATCH" }) },
  { route: "app/api/audit/route.ts", method: "GET", ownerScoped: false, capability: "admin", request: (ids, h) => call(auditRoute.GET, inWorkspace("/api/audit", ids), {}, { headers: h }) },
  { route: "app/api/workflows/[id]/route.ts", method: "DELETE", ownerScoped: true, capability: "edit", request: (ids, h) => call(workflowRoute.DELETE, `/api/workflows/${ids.workflowId}`, { id: ids.workflowId }, bodyless("DELETE", h)) },
];

export const find = (route: string, method: CallerRoute["method"]): CallerRoute => {
  const hit = CALLER_ROUTES.find((r) => r.route === route && r.method === method);
  if (!hit) throw new Error(`no ${method} ${route} in CALLER_ROUTES`);
  return hit;
};
