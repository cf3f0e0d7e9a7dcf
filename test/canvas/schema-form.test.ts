import assert from "node:assert/strict";
import { test } from "node:test";
import { buildCatalog } from "@/lib/workflows/catalog";
import { formShape, initialConfig, parseListField, parseNumberField, showListField, switchBranch } from "@/lib/workflows/schema-form";
import { sampleHandlers } from "./sample-handlers";

const catalog = buildCatalog(sampleHandlers);
const schema = (type: string) => catalog.find((e) => e.type === type)!.configJsonSchema;

test("http fields: enum select, template text, JSON for objects, number-or-duration", () => {
  const { fields, variant } = formShape(schema("http"), {});
  assert.equal(variant, null);
  const kind = Object.fromEntries(fields.map((f) => [f.key, f.kind]));
  assert.deepEqual(kind, { method: "enum", url: "text", headers: "json", query: "json", body: "json", timeoutMs: "number" });
  assert.equal(fields.find((f) => f.key === "url")?.required, true);
  assert.deepEqual(fields.find((f) => f.key === "method")?.options?.slice(0, 2), ["GET", "POST"]);
});

test("raw fields are code, never templates", () => {
  const code = formShape(schema("javascript"), {}, ["code"]).fields.find((f) => f.key === "code");
  assert.equal(code?.kind, "code");
  assert.equal(code?.templates, false);
});

test("discriminated unions pick the branch by its const and hide the discriminator", () => {
  const shape = formShape(schema("loop"), { mode: "count", count: 3 });
  assert.equal(shape.variant?.key, "mode");
  assert.deepEqual(shape.variant?.options.map((o) => o.label), ["forEach", "count", "while"]);
  assert.equal(shape.variant?.selected, 1);
  assert.deepEqual(shape.fields.map((f) => f.key), ["count"]);
  assert.deepEqual(switchBranch(schema("loop"), { mode: "count", count: 3 }, 2), { mode: "while", condition: "" });
});

test("plain unions pick the branch with the most keys present", () => {
  const shape = formShape(schema("condition"), { field: "x", operator: "equals" });
  assert.equal(shape.variant?.key, null);
  assert.equal(shape.variant?.selected, 1);
  assert.ok(shape.fields.some((f) => f.key === "operator" && f.kind === "enum"));
});

test("initial configs fill required fields and defaults", () => {
  assert.deepEqual(initialConfig(schema("http")), { method: "GET", url: "" });
  assert.deepEqual(initialConfig(schema("loop")), { mode: "forEach", items: "" });
  assert.deepEqual(initialConfig(schema("trigger")), {});
  assert.deepEqual(initialConfig(schema("router")), { routes: [] });
});

test("number fields keep templates and durations as text", () => {
  assert.equal(parseNumberField("42"), 42);
  assert.equal(parseNumberField("1.5"), 1.5);
  assert.equal(parseNumberField("30s"), "30s");
  assert.equal(parseNumberField("{{inputs.n}}"), "{{inputs.n}}");
  assert.equal(parseNumberField(" "), undefined);
});

test("approvers are an email list typed as text: commas, semicolons or lines; a {{template}} stays text", async () => {
  const { coreHandlers } = await import("@/lib/engine/handlers");
  const approval = buildCatalog(coreHandlers).find((e) => e.type === "approval")!;
  const field = formShape(approval.configJsonSchema, {}).fields.find((f) => f.key === "approvers")!;
  assert.equal(field.kind, "list");
  assert.match(field.placeholder ?? "", /@example\.com/);
  assert.deepEqual(parseListField("ana@example.com"), ["ana@example.com"]);
  assert.deepEqual(parseListField(" ana@example.com, bo@example.com;\ncy@example.com ,"), ["ana@example.com", "bo@example.com", "cy@example.com"]);
  assert.equal(parseListField("{{inputs.reviewers}}"), "{{inputs.reviewers}}");
  assert.equal(parseListField(" , "), undefined);
  assert.equal(showListField(["a@x.io", "b@x.io"]), "a@x.io, b@x.io");
  // Arrays of objects (router routes, llm messages) stay JSON.
  assert.equal(formShape(schema("router"), {}).fields.find((f) => f.key === "routes")?.kind, "json");
});
