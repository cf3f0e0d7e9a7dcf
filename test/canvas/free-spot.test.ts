// Nodes added from the palette never cover an existing node.
import assert from "node:assert/strict";
import { test } from "node:test";
import { besideOrCentred, freeSpot } from "../../lib/workflows/free-spot";

const size = { width: 240, height: 110 };

test("an empty place is taken as it is", () => {
  assert.deepEqual(freeSpot({ x: 0, y: 0 }, size, [{ x: 600, y: 0, width: 240, height: 110 }]), { x: 0, y: 0 });
});

test("a taken place moves below the nodes in the way, as often as needed", () => {
  const column = [0, 1, 2].map((i) => ({ x: 10, y: i * 158, width: 240, height: 110 }));
  const spot = freeSpot({ x: 0, y: 0 }, size, column);
  assert.equal(spot.x, 0);
  assert.ok(spot.y >= 2 * 158 + 110, `below the last one: ${spot.y}`);
  const placed = { ...spot, ...size };
  assert.ok(column.every((b) => placed.y >= b.y + b.height || placed.y + placed.height <= b.y), "overlaps none");
});

test("beside the selected node, else centred on the view", () => {
  assert.deepEqual(besideOrCentred({ x: 100, y: 50, width: 240, height: 110 }, { x: 0, y: 0 }, size), { x: 436, y: 50 });
  assert.deepEqual(besideOrCentred(undefined, { x: 500, y: 300 }, size), { x: 380, y: 245 });
});
