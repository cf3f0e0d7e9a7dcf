// Share links through the app's route handlers, on both databases: a token reads its one run
// (result and live events, masked, noindex), switching it off is 404 at once, and a share token
// never reads another run nor decides anything.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as shareRoute from "../../app/api/share/[token]/route";
import * as shareEvents from "../../app/api/share/[token]/events/route";
import { submitWithToken } from "../../lib/approvals/decide";
import { disableSharing, enableSharing, sharedRun } from "../../lib/approvals/share";
import { newToken } from "../../lib/approvals/tokens";
import { settleActive } from "../../lib/runs/active";
import { RunServiceError } from "../../lib/runs/errors";
import { setSecret } from "../../lib/secrets/store";
import { describeEachAppDb } from "../api/support";
import { createUser, createWorkflowRow, edge, getRun, node, workflow } from "../runs/helpers";
import { resumeRun, startWorkflowRun } from "../../lib/runs/service";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { approvalFlow, pausedRun, SAME } from "./helpers";

const ctx = (token: string) => ({ params: Promise.resolve({ token }) });
const get = (token: string, path = "") => new Request(`http://app.test/api/share/${token}${path}`);

async function readUntil(response: Response, needle: string): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes(needle)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  await reader.cancel();
  return text;
}

describeEachAppDb("share links", (db) => {
  test("a share token reads its run only, masked and noindex; switched off it is 404 at once", async () => {
    const userId = await createUser(db());
    await setSecret(db(), await personalWorkspaceOf(db(), userId), userId, "API_TOKEN", "s3cr3t-value-123");
    const definition = workflow("secretive", [node("t", "trigger"), node("o", "output", { name: "leak", value: "token={{env.API_TOKEN}}" })], [edge("t", "o")]);
    const started = await startWorkflowRun(db(), { userId }, await createWorkflowRow(db(), userId, definition), {}, "manual");
    await started.done;
    const other = await pausedRun(db(), approvalFlow({ message: "m" }));

    const token = await enableSharing(db(), { userId }, started.run.id);
    const response = await shareRoute.GET(get(token), ctx(token));
    assert.equal(response.status, 200);
    assert.match(response.headers.get("x-robots-tag") ?? "", /noindex/);
    const body = (await response.json()) as { runId: string; status: string; outputs: { leak: string } };
    assert.equal(body.runId, started.run.id);
    assert.equal(body.status, "completed");
    assert.ok(!JSON.stringify(body).includes("s3cr3t-value-123"), "secrets are masked");

    const events = await shareEvents.GET(get(token, "/events"), ctx(token));
    assert.equal(events.status, 200);
    assert.match(events.headers.get("x-robots-tag") ?? "", /noindex/);
    const stream = await readUntil(events, "run.finished");
    assert.match(stream, new RegExp(started.run.id));
    assert.ok(!stream.includes(other.runId) && !stream.includes("s3cr3t-value-123"));

    // Another run's id can't be named: the token is the only parameter, and unknown tokens are 404.
    for (const wrong of [newToken(), other.runId, "x", `${token}x`]) {
      assert.equal((await shareRoute.GET(get(wrong), ctx(wrong))).status, 404);
      assert.equal((await shareEvents.GET(get(wrong, "/events"), ctx(wrong))).status, 404);
    }
    assert.equal((await sharedRun(db(), token))?.id, started.run.id);

    await disableSharing(db(), { userId }, started.run.id);
    assert.equal((await shareRoute.GET(get(token), ctx(token))).status, 404);
    assert.equal((await shareEvents.GET(get(token, "/events"), ctx(token))).status, 404);
    // Someone else can't switch sharing on or off for this run.
    await assert.rejects(enableSharing(db(), { userId: other.userId }, started.run.id), (e: unknown) => e instanceof RunServiceError && e.code === "not_found");
    assert.equal(Object.keys(shareRoute).filter((k) => /^(POST|PUT|PATCH|DELETE)$/.test(k)).length, 0, "read-only");
  });

  test("a share token can't resume anything, nor regenerate into the old link", async () => {
    const paused = await pausedRun(db(), approvalFlow({ message: "m" }));
    const token = await enableSharing(db(), { userId: paused.userId }, paused.runId);
    const tried = await submitWithToken(db(), { token, decision: "approved", values: {}, ...SAME }, resumeRun);
    assert.deepEqual(tried, { ok: false, reason: "closed", view: { state: "invalid" } });
    const fresh = await enableSharing(db(), { userId: paused.userId }, paused.runId);
    assert.equal((await shareRoute.GET(get(token), ctx(token))).status, 404, "a new link replaces the old one");
    assert.equal((await shareRoute.GET(get(fresh), ctx(fresh))).status, 200);
    await settleActive();
    assert.equal((await getRun(db(), paused.runId)).status, "paused");
  });
});
