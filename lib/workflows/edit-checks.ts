/**
 * Checks the editor adds to the engine's build (server side): what would certainly fail when the
 * node runs, shown on the node while editing instead. A JSONata expression that does not parse, a
 * JavaScript body that does not compile, an http URL that is not one. Nothing here runs user code:
 * JSONata is parsed, JavaScript is compiled (a Function is built, never called). Templated values
 * are checked when the run resolves them. The command line and the API keep the spec's build rules.
 */
import jsonata from "jsonata";
import type { Problem } from "./catalog-types";

type NodeLike = { type?: unknown; config?: unknown };

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (...args: string[]) => unknown;

function jsonataProblem(expression: string): string | null {
  try {
    jsonata(expression);
    return null;
  } catch (error) {
    const { message, position } = error as { message?: string; position?: number };
    return `JSONata syntax error${typeof position === "number" ? ` at character ${position}` : ""}: ${message ?? "does not parse"}`;
  }
}

function javascriptProblem(code: string): string | null {
  try {
    // The sandbox runs the code as the body of `async (data, context) => { ... }`: compile it the same way.
    new AsyncFunction("data", "context", code);
    return null;
  } catch (error) {
    return `JavaScript syntax error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function urlProblem(url: string): string | null {
  if (url.includes("{{") || url.trim() === "") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? null : `not an http(s) URL (${parsed.protocol})`;
  } catch {
    return "not a URL: write it in full, like https://api.example.com/items";
  }
}

/** Problems with paths like the engine's (`nodes[2].config.expression`). */
export function editProblems(definition: unknown): Problem[] {
  const nodes = (definition as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  const problems: Problem[] = [];
  nodes.forEach((node: NodeLike, index) => {
    const config = (node?.config ?? {}) as Record<string, unknown>;
    const check = (key: string, problem: (value: string) => string | null) => {
      const value = config[key];
      const message = typeof value === "string" && value.trim() !== "" ? problem(value) : null;
      if (message) problems.push({ path: `nodes[${index}].config.${key}`, message });
    };
    if (node?.type === "jsonata") check("expression", jsonataProblem);
    if (node?.type === "javascript") check("code", javascriptProblem);
    if (node?.type === "http") check("url", urlProblem);
  });
  return problems;
}
