// Approval links end to end through the run service, on both databases: tokens stored hashed,
// mailed to the outbox, decided once (also under concurrency), quorum, human_input validation,
// and every refusal: wrong, used and expired tokens, another origin.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { approvalTokens, outbox, waitpoints } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { submitWithToken } from "../../lib/approvals/decide";
import { listAuditEvents } from "../../lib/audit/query";
import { hashToken, newToken } from "../../lib/approvals/tokens";
import { loadLink, viewOf } from "../../lib/approvals/view";
import { settleActive } from "../../lib/runs/active";
import { resumeRun } from "../../lib/runs/service";
import { describeEachDb } from "../support/db";
import { getRun } from "../runs/helpers";
import { approvalFlow, completions, inputFlow, mailedTokens, openWaitpointOf, pausedRun, SAME } from "./helpers";

const fields = { type: "object", required: ["amount"], properties: { amount: { type: "number", minimum: 1 }, note: { type: "string" }, urgent: { type: "boolean" }, tier: { enum: ["gold", "silver"] } } };

describeEachDb("approval links", (getTestDb) => {
  const db = () => getTestDb().handle.db as Db;
  const submit = (token: string, decision: "approved" | "rejected" | "submit", values: Record<string, string | boolean> = {}, origin: { origin: string | null; host: string | null } = SAME) =>
    submitWithToken(db(), { token, decision, values, ...origin }, resumeRun);

  test("a paused approval mails one hashed, expiring link per approver; approving continues the run once", async () => {
    const { runId } = await pausedRun(db(), approvalFlow({ message: "Pay {{run.id}}?", approvers: "a@example.test, b@example.test", fields }));
    const tokens = await mailedTokens(db(), runId);
    assert.deepEqual([...tokens.keys()].sort(), ["a@example.test", "b@example.test"]);
    const wp = await openWaitpointOf(db(), runId);
    const stored = await db().select().from(approvalTokens).where(eq(approvalTokens.waitpointId, wp.id));
    assert.equal(stored.length, 2);
    for (const row of stored) {
      assert.ok(![...tokens.values()].includes(row.tokenHash), "only the hash is stored");
      assert.equal(row.expiresAt?.getTime(), wp.expiresAt?.getTime(), "the link expires with the waitpoint");
    }
    const a = tokens.get("a@example.test")!;
    const view = viewOf(await loadLink(db(), a));
    assert.equal(view.state, "open");
    assert.equal(view.state === "open" && view.message, `Pay ${runId}?`, "templates resolved");
    assert.equal((await getRun(db(), runId)).status, "paused", "opening the link decides nothing");

    const refused = await submit(a, "approved", { amount: "0" });
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.reason, "invalid-input");
    assert.match(JSON.stringify(!refused.ok && "errors" in refused ? refused.errors : {}), /amount.*>= 1/);

    const done = await submit(a, "approved", { amount: "12", note: "ok", urgent: true, tier: "gold" });
    assert.equal(done.ok, true);
    await settleActive();
    const run = await getRun(db(), runId);
    assert.equal(run.status, "completed");
    const result = (run.outputs as { result: { decision: string; input: unknown; decidedBy: string } }).result;
    assert.equal(result.decision, "approved");
    assert.deepEqual(result.input, { amount: 12, note: "ok", urgent: true, tier: "gold" });
    assert.equal(result.decidedBy, "a@example.test");

    for (const token of [a, tokens.get("b@example.test")!]) {
      const again = await submit(token, "rejected");
      assert.equal(again.ok, false);
      const v = !again.ok && "view" in again ? again.view : null;
      assert.equal(v?.state, "decided", "a second decision is told who decided and when");
      assert.equal(v?.state === "decided" && v.by, "a@example.test");
    }
    assert.equal(await completions(db(), runId, "ok"), 1);
  });

  test("unknown, malformed and expired links are refused alike and change nothing", async () => {
    const { runId } = await pausedRun(db(), approvalFlow({ message: "late", approvers: ["x@example.test"], timeout: 1 }));
    const expired = (await mailedTokens(db(), runId)).get("x@example.test")!;
    const views = [];
    for (const token of [expired, newToken(), "short", "../../etc"]) {
      const result = await submit(token, "approved");
      assert.equal(result.ok, false);
      views.push(!result.ok && "view" in result ? result.view : null);
      assert.deepEqual(viewOf(await loadLink(db(), token)), { state: "invalid" });
    }
    assert.deepEqual(views, Array(4).fill({ state: "invalid" }));
    assert.equal((await getRun(db(), runId)).status, "paused");
    const [row] = await db().select().from(approvalTokens).where(eq(approvalTokens.tokenHash, hashToken(expired)));
    assert.equal(row?.usedAt, null);
  });

  test("a POST from another origin, or without one, is refused before anything is read", async () => {
    const { runId } = await pausedRun(db(), approvalFlow({ message: "m", approvers: ["x@example.test"] }));
    const token = (await mailedTokens(db(), runId)).get("x@example.test")!;
    for (const origin of [{ origin: "http://evil.test", host: "app.test" }, { origin: null, host: "app.test" }, { origin: "null", host: "app.test" }, { origin: "http://app.test.evil.test", host: "app.test" }]) {
      assert.deepEqual(await submit(token, "approved", {}, origin), { ok: false, reason: "cross-origin" });
    }
    const [row] = await db().select().from(approvalTokens).where(eq(approvalTokens.tokenHash, hashToken(token)));
    assert.equal(row?.usedAt, null);
    assert.equal((await getRun(db(), runId)).status, "paused");
  });

  test("two POSTs at the same moment, with one link or with two approvers' links: exactly one decision", async () => {
    for (const twoLinks of [false, true]) {
      const { runId } = await pausedRun(db(), approvalFlow({ message: "m", approvers: ["p@example.test", "q@example.test"] }));
      const tokens = await mailedTokens(db(), runId);
      const first = tokens.get("p@example.test")!;
      const second = twoLinks ? tokens.get("q@example.test")! : first;
      const results = await Promise.all([submit(first, "approved"), submit(second, "rejected"), submit(first, "approved")]);
      await settleActive();
      assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
      assert.equal(await completions(db(), runId, "ok"), 1);
      const run = await getRun(db(), runId);
      assert.equal(run.status, "completed");
      const [wp] = await db().select().from(waitpoints).where(eq(waitpoints.runId, runId));
      for (const r of results.filter((x) => !x.ok)) {
        const v = !r.ok && "view" in r ? r.view : null;
        assert.deepEqual(v?.state === "decided" && [v.decision, v.by], [(wp!.decision as { decision: string }).decision, wp!.decidedBy]);
        assert.ok(v?.state === "decided" && !Number.isNaN(Date.parse(v.at)));
      }
    }
  });

  test("requiredApprovals: N approvals continue the run; the first rejection rejects", async () => {
    const { runId } = await pausedRun(db(), approvalFlow({ message: "m", approvers: ["a@x.test", "b@x.test", "c@x.test"], requiredApprovals: 2 }));
    const tokens = await mailedTokens(db(), runId);
    const one = await submit(tokens.get("a@x.test")!, "approved");
    assert.deepEqual(one.ok && one.view.state === "voted" && [one.view.approvals, one.view.required], [1, 2]);
    assert.equal((await getRun(db(), runId)).status, "paused");
    assert.equal((await submit(tokens.get("a@x.test")!, "approved")).ok, false, "one vote per link");
    assert.equal((await submit(tokens.get("b@x.test")!, "approved")).ok, true);
    await settleActive();
    const run = await getRun(db(), runId);
    assert.equal(run.status, "completed");
    assert.equal((run.outputs as { result: { decidedBy: string } }).result.decidedBy, "a@x.test, b@x.test");

    const second = await pausedRun(db(), approvalFlow({ message: "m", approvers: ["a@x.test", "b@x.test", "c@x.test"], requiredApprovals: 2 }));
    const t2 = await mailedTokens(db(), second.runId);
    assert.equal((await submit(t2.get("a@x.test")!, "approved")).ok, true);
    assert.equal((await submit(t2.get("c@x.test")!, "rejected")).ok, true);
    await settleActive();
    const rejected = await getRun(db(), second.runId);
    assert.deepEqual(rejected.outputs, { rejected: "c@x.test" });

    // Each counted vote is in the run's workspace audit log under the address the link was mailed to; the refused second vote is not.
    const votesOf = async (runOf: string) => (await listAuditEvents(db(), (await getRun(db(), runOf)).workspaceId!, { limit: 200 })).map((e) => [e.objectId, e.actorKind, e.actorLabel, e.action]).reverse();
    assert.deepEqual(await votesOf(runId), [
      [runId, "approval_link", "a@x.test", "run.approve"],
      [runId, "approval_link", "b@x.test", "run.approve"],
    ]);
    assert.deepEqual(await votesOf(second.runId), [
      [second.runId, "approval_link", "a@x.test", "run.approve"],
      [second.runId, "approval_link", "c@x.test", "run.reject"],
    ]);
  });

  test("human_input: invalid input shows its errors and the run stays paused with the link unused", async () => {
    const { runId, userId } = await pausedRun(db(), inputFlow({ type: "object", required: ["size"], properties: { size: { type: "integer", maximum: 10 } } }));
    const mails = await db().select().from(outbox).where(eq(outbox.runId, runId));
    assert.equal(mails.length, 1, "the owner is mailed the link");
    assert.equal(mails[0]!.ownerId, userId);
    const token = (await mailedTokens(db(), runId)).values().next().value!;
    const bad = await submit(token, "submit", { size: "11" });
    assert.equal(!bad.ok && bad.reason, "invalid-input");
    assert.match(JSON.stringify(!bad.ok && "errors" in bad ? bad.errors : null), /size.*<= 10/);
    assert.equal((await getRun(db(), runId)).status, "paused");
    assert.equal(viewOf(await loadLink(db(), token)).state, "open");
    assert.equal((await submit(token, "submit", { size: "7" })).ok, true);
    await settleActive();
    assert.deepEqual((await getRun(db(), runId)).outputs, { answer: { size: 7 } });
  });
});
