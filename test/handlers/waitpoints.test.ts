import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { approvalHandler } from "../../lib/engine/handlers/approval";
import { humanInputHandler } from "../../lib/engine/handlers/human-input";
import { rejectsWithCode, run, throwsWithCode } from "./helpers";

const waitpoint = { openedAt: Date.parse("2026-01-01T00:00:00Z"), resumedAt: Date.parse("2026-01-01T00:05:00Z"), details: {} };

describe("approval handler", () => {
  const fields = { type: "object", properties: { amount: { type: "number", maximum: 100 } }, required: ["amount"] };

  it("pauses with message, approvers and fields; default timeout 7 days", async () => {
    assert.deepEqual(approvalHandler.handles({}), ["approved", "rejected"]);
    assert.deepEqual(await run(approvalHandler, { message: "Ship it?" }), {
      kind: "pause",
      pause: { kind: "approval", timeoutMs: 7 * 86_400_000, details: { message: "Ship it?", approvers: [], fields: null } },
    });
    const custom = await run(approvalHandler, { message: "Pay?", approvers: "a@example.com, b@example.com", timeout: "2h", fields });
    assert.deepEqual(custom, {
      kind: "pause",
      pause: { kind: "approval", timeoutMs: 7_200_000, details: { message: "Pay?", approvers: ["a@example.com", "b@example.com"], fields } },
    });
    await rejectsWithCode(run(approvalHandler, { message: "x", approvers: ["not-an-email"] }), "VALIDATION_ERROR");
    // A workspace role (the app's inbox resolves it): runner and up; a viewer can't decide, so it isn't a form.
    const roles = await run(approvalHandler, { message: "x", approvers: "role:admin, ops@example.com" });
    assert.deepEqual(roles.kind === "pause" && roles.pause.details.approvers, ["role:admin", "ops@example.com"]);
    await rejectsWithCode(run(approvalHandler, { message: "x", approvers: ["role:viewer"] }), "VALIDATION_ERROR");
    await rejectsWithCode(run(approvalHandler, { message: "x", approvers: ["role:"] }), "VALIDATION_ERROR");
    await rejectsWithCode(run(approvalHandler, { message: "x", fields: { type: "nonsense" } }), "VALIDATION_ERROR");
  });

  it("resumes with the decision as handle and output", () => {
    const config = approvalHandler.configSchema.parse({ message: "Ship it?" });
    assert.deepEqual(approvalHandler.resume!(config, { decision: "approved", by: "ops@example.com" }, waitpoint), {
      kind: "done",
      output: { decision: "approved", input: {}, decidedBy: "ops@example.com", decidedAt: "2026-01-01T00:05:00.000Z" },
      handle: "approved",
    });
    const rejected = approvalHandler.resume!(config, { decision: "rejected", input: { note: "no" } }, waitpoint);
    assert.deepEqual(rejected, {
      kind: "done",
      output: { decision: "rejected", input: { note: "no" }, decidedBy: null, decidedAt: "2026-01-01T00:05:00.000Z" },
      handle: "rejected",
    });
  });

  it("refuses a bad decision or approval input with VALIDATION_ERROR naming the problem", () => {
    const config = approvalHandler.configSchema.parse({ message: "Pay?", fields });
    assert.match(throwsWithCode(() => approvalHandler.resume!(config, { decision: "maybe" }, waitpoint), "VALIDATION_ERROR").message, /decision/);
    throwsWithCode(() => approvalHandler.resume!(config, "approved", waitpoint), "VALIDATION_ERROR");
    throwsWithCode(() => approvalHandler.resume!(config, { decision: "approved", input: [1] }, waitpoint), "VALIDATION_ERROR");
    const missing = throwsWithCode(() => approvalHandler.resume!(config, { decision: "approved" }, waitpoint), "VALIDATION_ERROR");
    assert.match(missing.message, /amount: is required/);
    const big = throwsWithCode(() => approvalHandler.resume!(config, { decision: "approved", input: { amount: 500 } }, waitpoint), "VALIDATION_ERROR");
    assert.match(big.message, /amount: must be <= 100/);
    const ok = approvalHandler.resume!(config, { decision: "approved", input: { amount: 50 } }, waitpoint);
    assert.deepEqual(ok.kind === "done" && ok.output, { decision: "approved", input: { amount: 50 }, decidedBy: null, decidedAt: "2026-01-01T00:05:00.000Z" });
    // A rejection doesn't need the fields filled in.
    assert.equal(approvalHandler.resume!(config, { decision: "rejected" }, waitpoint).kind, "done");
  });
});

describe("human_input handler", () => {
  const expectedSchema = {
    type: "object",
    properties: { email: { type: "string", format: "email" }, tags: { type: "array", items: { type: "string" } } },
    required: ["email"],
  };

  it("pauses with reason and schema", async () => {
    assert.deepEqual(await run(humanInputHandler, { reason: "Need an address", expectedSchema, timeout: 60_000 }), {
      kind: "pause",
      pause: { kind: "human_input", timeoutMs: 60_000, details: { reason: "Need an address", expectedSchema } },
    });
  });

  it("resumes with userInput, resumedAt and pauseDuration", () => {
    const config = humanInputHandler.configSchema.parse({ reason: "r", expectedSchema });
    assert.deepEqual(humanInputHandler.resume!(config, { email: "a@example.com" }, waitpoint), {
      kind: "done",
      output: { userInput: { email: "a@example.com" }, resumedAt: "2026-01-01T00:05:00.000Z", pauseDuration: 300_000 },
    });
  });

  it("refuses input that doesn't match expectedSchema, listing problems with paths", () => {
    const config = humanInputHandler.configSchema.parse({ reason: "r", expectedSchema });
    const error = throwsWithCode(() => humanInputHandler.resume!(config, { email: "nope", tags: ["a", 2] }, waitpoint), "VALIDATION_ERROR");
    assert.match(error.message, /email: must match format "email"/);
    assert.match(error.message, /tags\[1\]: must be string/);
    const free = humanInputHandler.configSchema.parse({ reason: "anything goes" });
    const result = humanInputHandler.resume!(free, { whatever: [1] }, waitpoint);
    assert.deepEqual(result.kind === "done" && (result.output as { userInput: unknown }).userInput, { whatever: [1] });
  });
});
