// The run panel's preview of a streaming node shows the end of its text: an agent's latest steps,
// not its first lines (components/runs/LivePreview.tsx).
import assert from "node:assert/strict";
import { test } from "node:test";
import { tailOf } from "../../components/runs/LivePreview";

test("tailOf keeps the last three lines, at most 240 characters, and marks what it cut", () => {
  assert.equal(tailOf("Tides follow the pull"), "Tides follow the pull");
  assert.equal(tailOf('→ a({"x":1})\n← a: ok\n→ b({})\n← b: ok\nAnswer'), "…→ b({})\n← b: ok\nAnswer");
  assert.equal(tailOf("x".repeat(300)), `…${"x".repeat(240)}`);
  assert.equal(tailOf("\n→ a()\n\n← a: ok\n"), "→ a()\n← a: ok", "blank lines are not lines");
});
