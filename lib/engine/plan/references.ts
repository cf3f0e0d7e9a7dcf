/**
 * Build: every `{{ref}}` names a node that has run before the referencing node
 * (an ancestor in its scope, or an ancestor of an enclosing container), and the
 * readers of each output are recorded so the scheduler can drop outputs early.
 */
import { isReservedId } from "../definition";
import { jsonPath, type PathKey } from "../problems";
import { Ancestry } from "./ancestry";
import { scopeOf, type BuildContext } from "./context";
import { ROOT_SCOPE } from "./types";

export interface ReadInfo {
  /** Lists without duplicates (arrays: a Set per node would double the build's garbage). */
  reads: Map<string, string[]>;
  readers: Map<string, string[]>;
  /** Body nodes a container's own config reads (kept until the iteration ends). */
  keptForContainer: Set<string>;
}

type Visibility = { ok: true; reader: string } | { ok: false; message: string };

export function checkReferences(ctx: BuildContext): ReadInfo {
  const ancestry = new Ancestry(ctx);
  const info: ReadInfo = { reads: new Map(), readers: new Map(), keptForContainer: new Set() };

  const visibility = (producer: string, node: string): Visibility => {
    if (producer === node) return { ok: false, message: "a node can't read its own output" };
    const producerScope = scopeOf(ctx, producer);
    if (producerScope === node) return { ok: true, reader: node }; // a container reading its body (while condition)
    let reader = node;
    while (scopeOf(ctx, reader) !== producerScope) {
      const up = scopeOf(ctx, reader);
      if (up === ROOT_SCOPE) {
        return { ok: false, message: `"${producer}" is inside container "${producerScope}" and can't be read from outside it: read {{${producerScope}.results}}` };
      }
      reader = up;
    }
    if (reader === producer) return { ok: false, message: `"${producer}" is the container this node runs in: use {{loop.*}} or {{parallel.*}}` };
    if (ctx.cyclicScopes.has(producerScope)) return { ok: true, reader }; // the cycle is reported already
    if (!ancestry.isAncestor(producerScope, producer, reader))
      return { ok: false, message: `"${producer}" can't have run before this node: only nodes upstream of it can be read` };
    return { ok: true, reader };
  };

  const record = (producer: string, node: string, reader: string) => {
    addTo(info.reads, node, producer);
    if (reader === node && scopeOf(ctx, producer) === node) info.keptForContainer.add(producer);
    else addTo(info.readers, producer, reader);
    // A container reads what its body reads from outside, so it keeps those outputs alive.
    let container = scopeOf(ctx, node);
    while (container !== ROOT_SCOPE && container !== scopeOf(ctx, producer) && container !== producer) {
      addTo(info.reads, container, producer);
      container = scopeOf(ctx, container);
    }
  };

  for (const entry of ctx.nodes.values()) {
    const id = entry.def.id;
    if (!entry.reached) continue;
    for (const { ref, at } of entry.refs) {
      if (isReservedId(ref.root)) {
        if (ref.root === "secrets") ctx.problems.push({ path: jsonPath(["nodes", entry.index, "config", ...at]), message: `{{${ref.source}}}: secrets are read as {{env.NAME}}` });
        continue;
      }
      if (!ctx.nodes.has(ref.root)) {
        ctx.problems.push({ path: refPath(entry.index, at), message: `{{${ref.source}}} refers to "${ref.root}", which is not a node of this workflow` });
        continue;
      }
      const seen = visibility(ref.root, id);
      if (!seen.ok) ctx.problems.push({ path: refPath(entry.index, at), message: `{{${ref.source}}}: ${seen.message}` });
      else record(ref.root, id, seen.reader);
    }
    for (const name of entry.softRefs.length > 0 ? new Set(entry.softRefs) : []) {
      if (!ctx.nodes.has(name) || isReservedId(name)) continue;
      const seen = visibility(name, id);
      if (seen.ok) record(name, id, seen.reader);
    }
  }
  return info;
}

const refPath = (index: number, at: PathKey[]) => jsonPath(["nodes", index, "config", ...at]);

/** Long lists get a Set beside them so adding stays O(1) (a node read by thousands of others). */
const bigLists = new WeakMap<string[], Set<string>>();

function addTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (!list) {
    map.set(key, [value]);
    return;
  }
  if (list.length < 16) {
    if (!list.includes(value)) list.push(value);
    return;
  }
  let set = bigLists.get(list);
  if (!set) bigLists.set(list, (set = new Set(list)));
  if (set.has(value)) return;
  set.add(value);
  list.push(value);
}
