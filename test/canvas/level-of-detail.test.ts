// The first viewport of a canvas (components/canvas/level-of-detail.ts): big workflows start
// zoomed out, so their nodes draw compact from the first frame; small ones start at 100 %; which
// nodes come presized.
import { test } from "node:test";
import assert from "node:assert/strict";
import { COMPACT_BELOW_ZOOM, COMPACT_NODE_SIZE, expectedFitViewport, presizeCompact, withoutPresetHandles } from "../../components/canvas/level-of-detail";
import { buildCatalog } from "../../lib/workflows/catalog";
import { catalogByType } from "../../lib/workflows/catalog-types";
import { toFlow } from "../../lib/workflows/definition-graph";
import { sampleHandlers } from "./sample-handlers";

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

const handlers = buildCatalog(sampleHandlers);
const byType = catalogByType(handlers);
const sample = toFlow(
  {
    version: 1,
    nodes: [
      { id: "start", type: "trigger", config: {} },
      { id: "fetch", type: "http", config: { method: "GET", url: "https://example.com" } },
      { id: "fetch2", type: "http", errorPort: true, config: { method: "GET", url: "https://example.com" } },
      { id: "check", type: "condition", config: { condition: "{{fetch.status}}" } },
    ],
    edges: [],
  },
  (type) => byType.get(type)?.isContainer ?? false,
);

test("presizing: only a compact first viewport, only one-output steps; the target handle only where there is one", () => {
  assert.equal(presizeCompact(sample.nodes, { x: 0, y: 0, zoom: COMPACT_BELOW_ZOOM }, byType, {}), sample.nodes);
  const presized = new Map(presizeCompact(sample.nodes, { x: 0, y: 0, zoom: 0.2 }, byType, {}).map((n) => [n.id, n]));
  assert.deepEqual(presized.get("fetch")?.measured, COMPACT_NODE_SIZE);
  assert.deepEqual(presized.get("fetch")?.handles?.map((h) => h.type), ["target", "source"]);
  assert.deepEqual(presized.get("start")?.handles?.map((h) => h.type), ["source"]);
  // An error port or several outputs draw rows of handles: measured as usual.
  assert.equal(presized.get("fetch2")?.handles, undefined);
  assert.equal(presized.get("check")?.handles, undefined);
  const settled = withoutPresetHandles(presized.get("fetch")!);
  assert.equal(settled.handles, undefined);
  assert.deepEqual(settled.measured, COMPACT_NODE_SIZE);
});
