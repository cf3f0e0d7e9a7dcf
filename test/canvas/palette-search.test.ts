// The palette's search over the real catalog (built from the engine's handlers): the names
// people bring from n8n, Zapier or code find the node type that does it, first.
import assert from "node:assert/strict";
import { test } from "node:test";
import { coreHandlers } from "../../lib/engine/handlers";
import { buildCatalog } from "../../lib/workflows/catalog";
import { filterCatalog } from "../../lib/workflows/palette-search";

const catalog = buildCatalog(coreHandlers);
const first = (query: string) => filterCatalog(catalog, query)[0]?.type;

test("other names find the node type first", () => {
  const expected: Record<string, string> = {
    code: "javascript",
    script: "javascript",
    if: "condition",
    switch: "router",
    email: "email",
    smtp: "email",
    "sign off": "approval",
    wait: "delay",
    sleep: "delay",
    cron: "schedule",
    api: "http",
    ai: "llm",
    form: "human_input",
    "for each": "loop",
    "sub-workflow": "workflow",
  };
  const got = Object.fromEntries(Object.keys(expected).map((q) => [q, first(q)]));
  assert.deepEqual(got, expected);
});

test("merge and join list the types that bring branches together", () => {
  for (const q of ["merge", "join"]) {
    const types = filterCatalog(catalog, q).map((e) => e.type);
    assert.ok(types.includes("parallel"), `${q}: ${types.join(", ")}`);
  }
  assert.ok(filterCatalog(catalog, "merge").some((e) => e.type === "jsonata"));
});

test("a label still wins over a keyword, and nonsense finds nothing", () => {
  assert.equal(first("Loop"), "loop");
  assert.equal(first("  HTTP "), "http");
  assert.deepEqual(filterCatalog(catalog, "zzqx"), []);
  assert.equal(filterCatalog(catalog, "").length, catalog.length);
});
