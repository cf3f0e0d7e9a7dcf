import assert from "node:assert/strict";
import { test } from "node:test";
import { isSaveShortcut, savedMessage, versionItems } from "@/components/canvas/history-model";

const keys = (key: string, mods: Partial<Record<"metaKey" | "ctrlKey" | "altKey" | "shiftKey", boolean>> = {}) => ({ key, metaKey: false, ctrlKey: false, altKey: false, shiftKey: false, ...mods });

test("version rows come newest first, with relative times and run usage", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  const items = versionItems(
    [
      { id: "ver_a", version: 1, createdAt: "2026-11-25T10:00:00.000Z", runCount: 0 },
      { id: "ver_c", version: 3, createdAt: "2026-11-25T11:59:50.000Z", runCount: 2 },
      { id: "ver_b", version: 2, createdAt: "2026-11-25T11:55:00.000Z", runCount: 1 },
    ],
    now,
  );
  assert.deepEqual(items.map((i) => i.id), ["ver_c", "ver_b", "ver_a"]);
  assert.deepEqual(items.map((i) => i.title), ["Version 3", "Version 2", "Version 1"]);
  assert.deepEqual(items.map((i) => i.when), ["just now", "5 minutes ago", "2 hours ago"]);
  assert.deepEqual(items.map((i) => i.runs), ["Used by 2 runs", "Used by 1 run", null]);
  assert.equal(items[2].at, "2026-11-25 10:00:00 UTC");
});

test("no versions: an empty list", () => {
  assert.deepEqual(versionItems([]), []);
});

test("Ctrl+S and Cmd+S save a version; other chords don't", () => {
  assert.equal(isSaveShortcut(keys("s", { ctrlKey: true })), true);
  assert.equal(isSaveShortcut(keys("S", { metaKey: true })), true);
  assert.equal(isSaveShortcut(keys("s")), false);
  assert.equal(isSaveShortcut(keys("s", { ctrlKey: true, shiftKey: true })), false);
  assert.equal(isSaveShortcut(keys("s", { ctrlKey: true, altKey: true })), false);
  assert.equal(isSaveShortcut(keys("z", { ctrlKey: true })), false);
});

test("the save message says whether a new version was made", () => {
  assert.equal(savedMessage(4, true), "Saved as version 4");
  assert.equal(savedMessage(3, false), "No changes since version 3");
});
