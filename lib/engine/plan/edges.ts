/** Build: edges (schema, endpoints, container boundaries, handles) wired with their handle kind. */
import { edgeSchema, type EdgeDefinition } from "../definition";
import { jsonPath } from "../problems";
import type { BuildContext, EdgeEntry } from "./context";
import { zodProblems } from "./nodes";
import { ROOT_SCOPE, type EdgeKind } from "./types";

export function edgeKind(handle: string): EdgeKind {
  return handle === "source" ? "source" : handle === "error" ? "error" : "branch";
}

export function indexEdges(ctx: BuildContext, rawEdges: unknown[]): void {
  const firstIndex = new Map<string, number>();
  rawEdges.forEach((raw, index) => {
    let def: EdgeDefinition;
    if (isPlainEdge(raw)) def = raw;
    else {
      const parsed = edgeSchema.safeParse(raw);
      if (!parsed.success) {
        ctx.problems.push(...zodProblems(parsed.error, ["edges", index]));
        return;
      }
      def = parsed.data;
    }
    const seen = firstIndex.get(def.id);
    if (seen !== undefined) ctx.problems.push({ path: edgePath(index, "id"), message: `duplicate edge id "${def.id}" (also edges[${seen}])` });
    else firstIndex.set(def.id, index);

    const source = ctx.nodes.get(def.source);
    const target = ctx.nodes.get(def.target);
    if (!source) ctx.problems.push({ path: edgePath(index, "source"), message: `edge starts at "${def.source}", which is not a node of this workflow` });
    if (!target) ctx.problems.push({ path: edgePath(index, "target"), message: `edge ends at "${def.target}", which is not a node of this workflow` });
    if (!source || !target) return;

    const handle = def.sourceHandle ?? "source";
    if (source.handler && handle !== "error") {
      const handles = (source.handles ??= source.handler.handles(source.def.config));
      if (!handles.includes(handle)) {
        const known = [...handles, "error"].map((h) => `"${h}"`).join(", ");
        ctx.problems.push({ path: edgePath(index, "sourceHandle"), message: `a ${source.def.type} node has no handle "${handle}" (it has ${known})` });
        return;
      }
    }
    const sourceScope = source.def.parentId ?? ROOT_SCOPE;
    const targetScope = target.def.parentId ?? ROOT_SCOPE;
    if (targetScope === def.source) {
      ctx.problems.push({ path: edgePath(index), message: `edge from container "${def.source}" to its own body node "${def.target}": body entry nodes start implicitly, remove this edge` });
      return;
    }
    if (sourceScope !== targetScope) {
      ctx.problems.push({
        path: edgePath(index),
        message: `edge crosses a container boundary ("${def.source}" is in ${where(sourceScope)}, "${def.target}" in ${where(targetScope)}): connect the container itself instead`,
      });
      return;
    }
    const entry: EdgeEntry = { def, index, handle, from: source, to: target };
    ctx.edges.push(entry);
    source.outgoing.push(entry);
    target.incoming.push(entry);
  });
}

const edgePath = (index: number, key?: string) => jsonPath(key ? ["edges", index, key] : ["edges", index]);
const where = (scope: string) => (scope === ROOT_SCOPE ? "the top level" : `container "${scope}"`);

const nonEmpty = (v: unknown) => typeof v === "string" && v.length > 0;
const handleOk = (v: unknown) => v === undefined || v === null || typeof v === "string";

/** The common case checked by hand (zod per edge is the slowest part of big builds); anything else goes through zod for its messages. */
function isPlainEdge(raw: unknown): raw is EdgeDefinition {
  if (raw === null || typeof raw !== "object") return false;
  const e = raw as Record<string, unknown>;
  return nonEmpty(e.id) && nonEmpty(e.source) && nonEmpty(e.target) && handleOk(e.sourceHandle) && handleOk(e.targetHandle);
}
