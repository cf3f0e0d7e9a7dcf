/**
 * A workflow seen as a tool by a model: the name (MCP's and the AI SDK's rule, [A-Za-z0-9_-] up
 * to 64) and the input schema (its `inputs` schema, an object). Shared by the MCP server
 * (lib/mcp/tools.ts) and the agent node's workflow tools (./agent-tools.ts).
 */

/**
 * `Greet someone` (id 3fa2c1d0-…) → `greet_someone_3fa2c1`: the id's start keeps two workflows of
 * one name apart and the name stable across renames of others; without an id (a file on the
 * command line), the name alone.
 */
export function toolNameOf(name: string, id = ""): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 48) || "workflow";
  const suffix = id.replace(/[^A-Za-z0-9]/g, "").slice(0, 6);
  return suffix ? `${base}_${suffix}` : base;
}

/** A JSON Schema of an object, as a tool's input schema must be; a workflow without inputs takes `{}`. */
export function toolInputSchema(inputs: unknown): Record<string, unknown> {
  if (inputs && typeof inputs === "object" && !Array.isArray(inputs) && (inputs as { type?: unknown }).type === "object") return inputs as Record<string, unknown>;
  return { type: "object", properties: {} };
}
