// Bodies are limited while they stream in: every route that reads a body answers 413 once the
// limit is passed, having pulled at most the limit plus a chunk of a 50 MB upload, with or
// without Content-Length, and then cuts the upload off unread. (Against next start, over real
// sockets: e2e/requests.spec.ts.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createApiKey } from "../../lib/auth/api-keys";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { MAX_BODY_BYTES } from "../../lib/http/body";
import { runs } from "../../lib/db/schema";
import { startWorkflowRun } from "../../lib/runs/service";
import { ensureWebhookSecret } from "../../lib/runs/webhooks";
import * as decideRoute from "../../app/approve/[token]/decide/route";
import { createUser, createWorkflowRow, edge, node, workflow } from "../runs/helpers";
import { describeEachAppDb, sessionCookie, type Params } from "./support";
import { hooksRoute, rerunRoute, resumeRoute, startRuns, workflowRoute, workflowsRoute } from "./routes";
import { SAME_ORIGIN_JSON } from "./matrix";

const CHUNK = 64 * 1024;
const UPLOAD = 50 * 1024 * 1024;

/** A body produced only as it is read, counting what the route pulled; `cut` settles when the route cancels it. */
function upload(total = UPLOAD) {
  let pulled = 0;
  let onCancel = () => {};
  const cut = new Promise<void>((resolve) => (onCancel = resolve));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      const size = Math.min(CHUNK, total - pulled);
      pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x20)); // JSON whitespace
    },
    cancel: () => onCancel(),
  });
  return { stream, pulled: () => pulled, cut };
}

type Handler = (request: Request, context: { params: Promise<Params> }) => Promise<Response>;

function send(handler: Handler, path: string, params: Params, headers: Record<string, string>, body: ReadableStream<Uint8Array>, method = "POST") {
  const init = { method, body, duplex: "half", headers } as RequestInit;
  return handler(new Request(`http://127.0.0.1${path}`, init), { params: Promise.resolve(params) });
}

describeEachAppDb("request bodies are limited while streaming", (db) => {
  test("every body route stops reading a 50 MB upload at the limit and answers 413", { timeout: 60_000 }, async () => {
    const user = await createUser(db());
    const { key } = await createApiKey(db(), { userId: user }, await personalWorkspaceOf(db(), user), "limit", "admin");
    const auth = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const asUser = { cookie: await sessionCookie(user), ...SAME_ORIGIN_JSON };
    const definition = workflow("w", [node("t", "trigger"), node("hook", "webhook"), node("ask", "human_input", { reason: "?" })], [edge("t", "ask")]);
    const workflowId = await createWorkflowRow(db(), user, definition);
    const paused = await startWorkflowRun(db(), { userId: user }, workflowId, {}, "api");
    await paused.done;
    const runId = paused.run.id;
    const secret = (await ensureWebhookSecret(db(), { userId: user }, workflowId))!;
    const before = (await db().select().from(runs)).length;

    const routes: [string, Handler, string, Params, Record<string, string>, string?][] = [
      ["start a run", startRuns.POST as Handler, `/api/workflows/${workflowId}/runs`, { id: workflowId }, auth],
      ["resume", resumeRoute.POST as Handler, `/api/runs/${runId}/resume`, { id: runId }, auth],
      ["rerun", rerunRoute.POST as Handler, `/api/runs/${runId}/rerun`, { id: runId }, asUser],
      ["create a workflow", workflowsRoute.POST as Handler, "/api/workflows", {}, asUser],
      ["rename a workflow", workflowRoute.PATCH as Handler, `/api/workflows/${workflowId}`, { id: workflowId }, auth, "PATCH"],
      ["webhook", hooksRoute.POST as Handler, `/api/hooks/${workflowId}/${secret}`, { workflowId, secret }, { "content-type": "application/octet-stream" }],
      ["approval form", decideRoute.POST as Handler, "/approve/x/decide", { token: "x" }, { origin: "http://127.0.0.1", "content-type": "application/x-www-form-urlencoded" }],
    ];
    // All at once: each refused upload is cut only after the lingering delay (LINGER_MS).
    await Promise.all(
      routes.map(async ([label, handler, path, params, headers, method]) => {
        const body = upload();
        const response = await send(handler, path, params, headers, body.stream, method);
        assert.equal(response.status, 413, `${label}: ${await response.clone().text()}`);
        assert.match(((await response.json()) as { error: string }).error, /larger than \d+ bytes/);
        assert.ok(body.pulled() <= MAX_BODY_BYTES + 2 * CHUNK, `${label}: pulled ${body.pulled()} bytes of ${UPLOAD}`);
        await body.cut; // the connection is cut, not drained
        assert.ok(body.pulled() <= MAX_BODY_BYTES + 2 * CHUNK, `${label}: nothing more was read before the cut`);

        // Announced too large: refused after one read at most (and what the stream prefetches).
        const announced = upload();
        const early = await send(handler, path, params, { ...headers, "content-length": String(UPLOAD) }, announced.stream, method);
        assert.equal(early.status, 413, label);
        await announced.cut;
        assert.ok(announced.pulled() <= 2 * CHUNK, `${label}: read ${announced.pulled()} bytes of an announced ${UPLOAD}`);
      }),
    );
    assert.equal((await db().select().from(runs)).length, before, "no run was started");
  });
});
