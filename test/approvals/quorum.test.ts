// requiredApprovals: the approval handler's config (engine) and how votes settle (lib/approvals).
import { test } from "node:test";
import assert from "node:assert/strict";
import { approvalHandler } from "../../lib/engine/handlers/approval";
import { outcomeOf, requiredApprovals, type Vote } from "../../lib/approvals/votes";

const vote = (by: string, decision: Vote["decision"], input: Record<string, unknown> = {}): Vote => ({ by, decision, input, at: new Date(0).toISOString() });

test("the approval config takes requiredApprovals >= 1 and hands it on in the pause details", async () => {
  const parsed = approvalHandler.configSchema.safeParse({ message: "m", approvers: ["a@x.test", "b@x.test"], requiredApprovals: 2 });
  assert.ok(parsed.success);
  const result = await approvalHandler.execute(parsed.data, {} as never);
  assert.equal((result as { pause: { details: { requiredApprovals?: number } } }).pause.details.requiredApprovals, 2);
  for (const bad of [0, 1.5, "2"]) assert.equal(approvalHandler.configSchema.safeParse({ message: "m", requiredApprovals: bad }).success, false, String(bad));
  const plain = await approvalHandler.execute(approvalHandler.configSchema.parse({ message: "m" }), {} as never);
  assert.equal("requiredApprovals" in (plain as { pause: { details: object } }).pause.details, false, "unchanged without it");
});

test("votes settle at N approvals or the first rejection, in order", () => {
  assert.equal(requiredApprovals({ approvers: ["a", "b", "c"], requiredApprovals: 2 }), 2);
  assert.equal(requiredApprovals({ approvers: ["a"], requiredApprovals: 5 }), 1, "never more than the approvers");
  assert.equal(requiredApprovals({ approvers: [] }), 1);
  assert.deepEqual(outcomeOf([vote("a", "approved")], 2), { final: false, approvals: 1 });
  const approved = outcomeOf([vote("a", "approved", { x: 1 }), vote("b", "approved", { y: 2 }), vote("c", "rejected")], 2);
  assert.deepEqual(approved.final && [approved.decision, approved.by, approved.input], ["approved", "a, b", { x: 1, y: 2 }]);
  const rejected = outcomeOf([vote("a", "approved"), vote("c", "rejected"), vote("b", "approved")], 2);
  assert.deepEqual(rejected.final && [rejected.decision, rejected.by], ["rejected", "c"]);
});
