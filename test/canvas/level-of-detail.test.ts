// The first viewport of a canvas (components/canvas/level-of-detail.ts): big workflows start
// zoomed out, so their nodes draw compact from the first frame; small ones start at 100 %.
import { test } from "node:test";
import assert from "node:assert/strict";
import { COMPACT_BELOW_ZOOM, expectedFitViewport } from "../../components/canvas/level-of-detail";

const FIT = { padding: 0.1, minZoom: 0.1, maxZoom: 1 };
const grid = (count: number, columns: number) =>
  Array.from({ length: count }, (_, i) => ({ position: { x: (i % columns) * 320, y: Math.floor(i / columns) * 160 } }));

test("a 1,000-node grid starts compact, at the minimum zoom", () => {
  const viewport = expectedFitViewport(grid(1000, 30), FIT);
  assert.ok(viewport.zoom < COMPACT_BELOW_ZOOM);
  assert.equal(viewport.zoom, FIT.minZoom);
});

test("two nodes start at 100 % (maxZoom), centred in the assumed pane", () => {
  const viewport = expectedFitViewport(grid(2, 2), FIT);
  assert.equal(viewport.zoom, 1);
  assert.ok(viewport.x > 0 && viewport.y > 0);
});

test("a 60-node workflow of 10 columns starts compact; children of containers don't count", () => {
  const nodes = [...grid(60, 10), { position: { x: 99_999, y: 99_999 }, parentId: "loop" }];
  const viewport = expectedFitViewport(nodes, FIT);
  assert.ok(viewport.zoom < COMPACT_BELOW_ZOOM && viewport.zoom > FIT.minZoom, `zoom ${viewport.zoom}`);
  assert.deepEqual(expectedFitViewport(nodes.slice(0, 60), FIT), viewport);
});

test("no nodes: 100 % at the origin", () => {
  assert.deepEqual(expectedFitViewport([], FIT), { x: 0, y: 0, zoom: 1 });
});
