/** Build: nodes one by one (schema, duplicate ids, types, containers, configs, templates). */
import type { z } from "zod";
import { isReservedId, nodeIdPattern, nodeSchema, type NodeDefinition } from "../definition";
import { jsonPath, type PathKey } from "../problems";
import { collectRefs, compileValue, type CompileIssue, type Compiled } from "../templates/compile";
import { hasTemplate } from "../templates/parse";
import { pushTo, type BuildContext, type NodeEntry } from "./context";
import { ROOT_SCOPE } from "./types";

export function zodProblems(error: z.ZodError, prefix: PathKey[]) {
  return error.issues.map((issue) => ({
    path: jsonPath([...prefix, ...(issue.path as PathKey[])]),
    message: issue.message,
  }));
}

export function indexNodes(ctx: BuildContext, rawNodes: unknown[]): void {
  const firstIndex = new Map<string, number>();
  rawNodes.forEach((raw, index) => {
    let def: NodeDefinition;
    if (isPlainNode(raw)) def = { ...raw, config: raw.config ?? {} };
    else {
      const parsed = nodeSchema.safeParse(raw);
      if (!parsed.success) {
        ctx.problems.push(...zodProblems(parsed.error, ["nodes", index]));
        return;
      }
      def = parsed.data;
    }
    const seen = firstIndex.get(def.id);
    if (seen !== undefined) {
      ctx.problems.push({ path: jsonPath(["nodes", index, "id"]), message: `duplicate node id "${def.id}" (also nodes[${seen}])` });
      return;
    }
    firstIndex.set(def.id, index);
    const handler = ctx.registry.get(def.type);
    if (!handler) ctx.problems.push({ path: jsonPath(["nodes", index, "type"]), message: `unknown node type "${def.type}"` });
    ctx.nodes.set(def.id, { def, index, handler, refs: [], softRefs: [], incoming: [], outgoing: [], topo: -1, pending: 0, reached: false });
  });
  checkParents(ctx);
  for (const entry of ctx.nodes.values()) {
    pushTo(ctx.members, entry.def.parentId ?? ROOT_SCOPE, entry);
    if (entry.handler) compileConfig(ctx, entry);
  }
}

function checkParents(ctx: BuildContext): void {
  for (const entry of ctx.nodes.values()) {
    const parentId = entry.def.parentId;
    if (!parentId) continue;
    const at = jsonPath(["nodes", entry.index, "parentId"]);
    const parent = ctx.nodes.get(parentId);
    if (!parent) ctx.problems.push({ path: at, message: `parent "${parentId}" is not a node of this workflow` });
    else if (parent.handler && !parent.handler.container)
      ctx.problems.push({ path: at, message: `parent "${parentId}" is a ${parent.def.type} node, not a container (loop or parallel)` });
    else if (insideItself(ctx, entry.def.id))
      ctx.problems.push({ path: at, message: `containers can't contain themselves ("${entry.def.id}" is inside its own body)` });
    else if (entry.handler?.entry) ctx.problems.push({ path: at, message: `an entry node (${entry.def.type}) can't be inside a container` });
    else continue;
    entry.def.parentId = undefined; // treat as top-level so later stages see one problem, not many
  }
}

function insideItself(ctx: BuildContext, id: string): boolean {
  let current = ctx.nodes.get(id)?.def.parentId;
  for (let steps = 0; current && steps <= ctx.nodes.size; steps++) {
    if (current === id) return true;
    current = ctx.nodes.get(current)?.def.parentId;
  }
  return Boolean(current);
}

const isTemplate = (value: unknown) => typeof value === "string" && hasTemplate(value);

/** Raw and deferred field names per handler, as sets (built once per handler, not per node). */
const fieldSets = new WeakMap<object, { raw: Set<string>; deferred: Set<string> }>();
function fieldsOf(handler: NonNullable<NodeEntry["handler"]>) {
  let sets = fieldSets.get(handler);
  if (!sets) fieldSets.set(handler, (sets = { raw: new Set(handler.rawFields ?? []), deferred: new Set(handler.deferredFields ?? []) }));
  return sets;
}

/**
 * Validates the config against the handler's schema, ignoring issues at template strings, then
 * compiles templates: each field once; raw and deferred fields stay literal (deferred ones are
 * still checked for references).
 */
function compileConfig(ctx: BuildContext, entry: NodeEntry): void {
  const handler = entry.handler!;
  const config = entry.def.config;
  const result = handler.configSchema.safeParse(config);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const at = issue.path as PathKey[];
      // At or inside a template string (a preprocessed field, e.g. approvers split from
      // "{{inputs.approvers}}", reports the issue below the string): checked when it is resolved.
      if (at.some((_, i) => isTemplate(valueAt(config, at.slice(0, at.length - i))))) continue;
      ctx.problems.push({ path: jsonPath(["nodes", entry.index, "config", ...at]), message: issue.message });
    }
  }
  const { raw, deferred } = fieldsOf(handler);
  let issues: CompileIssue[] | undefined;
  const entries: [string, Compiled][] = [];
  const verbatim: [string, Compiled][] = []; // raw and deferred fields, after the resolved ones
  let templated = false;
  for (const key in config) {
    if (!Object.prototype.hasOwnProperty.call(config, key)) continue;
    const value = config[key];
    if (raw.has(key)) {
      identifiersIn(value, entry.softRefs);
      verbatim.push([key, { kind: "literal", value }]);
      continue;
    }
    const compiled = compileValue(value, (issues ??= []), [key]);
    if (compiled.kind !== "literal") collectRefs(compiled, [key], entry.refs);
    if (deferred.has(key)) verbatim.push([key, compiled.kind === "literal" ? compiled : { kind: "literal", value }]);
    else {
      entries.push([key, compiled]);
      if (compiled.kind !== "literal") templated = true;
    }
  }
  if (issues) for (const issue of issues) ctx.problems.push({ path: jsonPath(["nodes", entry.index, "config", ...issue.at]), message: issue.message });
  entry.compiled = templated ? { kind: "object", entries: verbatim.length > 0 ? entries.concat(verbatim) : entries } : { kind: "literal", value: config };
}

function valueAt(value: unknown, at: readonly PathKey[]): unknown {
  let current = value;
  for (const key of at) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Names appearing in code (raw fields): a script may read `context.fetchUser` without a template. */
function identifiersIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(...(value.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []));
  else if (Array.isArray(value)) value.forEach((v) => identifiersIn(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => identifiersIn(v, out));
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The common node shape checked by hand (zod per node dominates big builds).
 * Retry and timeouts, and anything unusual, go through zod (messages, transforms).
 */
function isPlainNode(raw: unknown): raw is NodeDefinition {
  if (!isRecord(raw)) return false;
  const { id, type, name, config, position, parentId, errorPort, retry, timeoutMs } = raw;
  return (
    typeof id === "string" &&
    nodeIdPattern.test(id) &&
    !isReservedId(id) &&
    typeof type === "string" &&
    type.length > 0 &&
    (name === undefined || typeof name === "string") &&
    (config === undefined || isRecord(config)) &&
    (position === undefined || (isRecord(position) && typeof position.x === "number" && typeof position.y === "number")) &&
    (parentId === undefined || parentId === null || (typeof parentId === "string" && parentId.length > 0)) &&
    (errorPort === undefined || typeof errorPort === "boolean") &&
    retry === undefined &&
    timeoutMs === undefined
  );
}
