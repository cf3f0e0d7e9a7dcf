/**
 * Where a node added from the palette (click or Enter) goes: next to the selected node when there
 * is one, else at the centre of the view; then further down until it covers no other node, so a
 * new node never hides an old one.
 */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const GAP = 48;
const MAX_TRIES = 50;

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width + GAP / 2 && b.x < a.x + a.width + GAP / 2 && a.y < b.y + b.height + GAP / 2 && b.y < a.y + a.height + GAP / 2;

/** The top-left corner for a node of `size`: `preferred` (a top-left) or the first free place below it. */
export function freeSpot(preferred: { x: number; y: number }, size: { width: number; height: number }, taken: readonly Box[]): { x: number; y: number } {
  let candidate: Box = { ...preferred, ...size };
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const hit = taken.find((box) => overlaps(candidate, box));
    if (!hit) return { x: candidate.x, y: candidate.y };
    candidate = { ...candidate, y: hit.y + hit.height + GAP };
  }
  return { x: candidate.x, y: candidate.y };
}

/** The preferred top-left beside `selected` (to its right, same top), or centred on `center`. */
export function besideOrCentred(selected: Box | undefined, center: { x: number; y: number }, size: { width: number; height: number }): { x: number; y: number } {
  if (selected) return { x: selected.x + selected.width + GAP * 2, y: selected.y };
  return { x: center.x - size.width / 2, y: center.y - size.height / 2 };
}
