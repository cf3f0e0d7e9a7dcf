import assert from "node:assert/strict";
import { test } from "node:test";
import { applyCompletion, completionCandidates, filterCompletions, openTemplate } from "@/lib/workflows/completions";
import { sampleWorkflow } from "./sample-workflow";

const inserts = (nodeId: string, perItem = false) => completionCandidates(sampleWorkflow, nodeId, { perItem }).map((c) => c.insert);

test("a top-level node sees its ancestors, their output fields and the scopes", () => {
  const list = inserts("isVip");
  assert.ok(list.includes("fetchUser"));
  assert.ok(list.includes("fetchUser.data"));
  assert.ok(list.includes("fetchUser.error.message"));
  assert.ok(list.includes("trigger"));
  assert.ok(!list.includes("notifyFailure"));
  assert.ok(!list.includes("isVip"));
  for (const scope of ["inputs", "var.processed", "env.", "run.id"]) assert.ok(list.includes(scope), scope);
  assert.ok(!list.some((c) => c.startsWith("loop.")));
});

test("a body node sees body ancestors, the container's ancestors and loop.*, not the container", () => {
  const list = inserts("saveScore");
  assert.ok(list.includes("scoreOrder.result"));
  assert.ok(list.includes("fetchUser.data"));
  assert.ok(list.includes("loop.item"));
  assert.ok(!list.includes("eachOrder"));
  assert.ok(!list.some((c) => c.startsWith("parallel.")));
});

test("a node after a container reads its results but not its body", () => {
  const list = inserts("done");
  assert.ok(list.includes("eachOrder.results"));
  assert.ok(!list.includes("scoreOrder"));
});

test("variable nodes add var.<name>; per-item fields add loop.*", () => {
  assert.ok(inserts("trigger").includes("var.processed"));
  assert.ok(inserts("isVip", true).includes("loop.item"));
});

test("openTemplate finds the typed reference after an unclosed {{", () => {
  assert.deepEqual(openTemplate("Hi {{ fetch", 11), { start: 6, query: "fetch" });
  assert.deepEqual(openTemplate("{{", 2), { start: 2, query: "" });
  assert.equal(openTemplate("{{a}} b", 7), null);
  assert.equal(openTemplate("plain", 5), null);
});

test("filter ranks prefix matches first; apply closes the braces", () => {
  const found = filterCompletions(completionCandidates(sampleWorkflow, "isVip"), "data");
  assert.equal(found[0].insert, "fetchUser.data");
  assert.equal(filterCompletions(completionCandidates(sampleWorkflow, "isVip"), "fetchUser.s")[0].insert, "fetchUser.status");
  assert.deepEqual(applyCompletion("Hi {{ fe", 8, "fetchUser.data"), { text: "Hi {{ fetchUser.data}}", cursor: 22 });
  assert.deepEqual(applyCompletion("{{fe}} x", 4, "fetchUser"), { text: "{{fetchUser}} x", cursor: 11 });
  assert.deepEqual(applyCompletion("{{", 2, "env."), { text: "{{env.", cursor: 6 });
});
