import assert from "node:assert/strict";
import { test } from "node:test";
import { exportFileName, parseImportedDefinition } from "@/lib/workflows/definition-import";
import { sampleWorkflow } from "./sample-workflow";

test("an exported definition imports back unchanged", () => {
  const result = parseImportedDefinition(JSON.stringify(sampleWorkflow));
  assert.equal(result.ok, true);
  if (result.ok) assert.deepEqual(result.definition, sampleWorkflow);
});

test("bad files get errors with paths", () => {
  assert.match((parseImportedDefinition("{nope") as { errors: string[] }).errors[0], /^Not JSON/);
  const wrong = parseImportedDefinition(JSON.stringify({ version: 2, nodes: [{ id: "a" }] }));
  assert.equal(wrong.ok, false);
  const errors = (wrong as { errors: string[] }).errors;
  assert.ok(errors.some((e) => e.startsWith("version:")), errors.join("\n"));
  assert.ok(errors.some((e) => e.startsWith("nodes[0].type:")), errors.join("\n"));
  const twice = parseImportedDefinition(JSON.stringify({ version: 1, nodes: [{ id: "a", type: "x" }, { id: "a", type: "y" }] }));
  assert.deepEqual((twice as { errors: string[] }).errors, ['nodes[1].id: "a" is used twice']);
});

test("export file names are slugs", () => {
  assert.equal(exportFileName("Enrich signups!"), "enrich-signups.flowmaestro.json");
  assert.equal(exportFileName(undefined), "workflow.flowmaestro.json");
});
