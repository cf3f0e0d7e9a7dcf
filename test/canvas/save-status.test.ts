import assert from "node:assert/strict";
import { test } from "node:test";
import { saveStatusOf } from "@/components/canvas/save-status";

const saved = '{"v":1}';
const edited = '{"v":2}';

test("an edit undone before autosave fired leaves nothing unsaved: saved", () => {
  assert.deepEqual(saveStatusOf({ json: edited, savedJson: saved, inFlight: false }), { state: "saving" });
  assert.deepEqual(saveStatusOf({ json: saved, savedJson: saved, inFlight: false }), { state: "saved" });
});

test("a request on its way shows saving, even when the draft went back to the saved one", () => {
  assert.deepEqual(saveStatusOf({ json: edited, savedJson: saved, inFlight: true }), { state: "saving" });
  assert.deepEqual(saveStatusOf({ json: saved, savedJson: saved, inFlight: true }), { state: "saving" });
});

test("a failed save shows its reason until the draft changes or is undone", () => {
  const failure = { json: edited, message: "disk full" };
  assert.deepEqual(saveStatusOf({ json: edited, savedJson: saved, inFlight: false, failure }), { state: "failed", message: "disk full" });
  assert.deepEqual(saveStatusOf({ json: '{"v":3}', savedJson: saved, inFlight: false, failure }), { state: "saving" });
  assert.deepEqual(saveStatusOf({ json: saved, savedJson: saved, inFlight: false, failure }), { state: "saved" });
});

test("a refused save (changed elsewhere) shows until reload or overwrite, whatever the draft", () => {
  const conflict = { state: "conflict", message: "Changed elsewhere — reload or overwrite" };
  assert.deepEqual(saveStatusOf({ json: edited, savedJson: saved, inFlight: false, conflict: true }), conflict);
  assert.deepEqual(saveStatusOf({ json: saved, savedJson: saved, inFlight: false, conflict: true }), conflict, "undoing locally doesn't undo the other write");
  assert.deepEqual(saveStatusOf({ json: edited, savedJson: saved, inFlight: true, conflict: false }), { state: "saving" });
});
