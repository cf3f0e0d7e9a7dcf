// The definition every new workflow starts from: a valid v1 workflow (docs/spec/workflow-format.md)
// with only its manual trigger.
export type StarterDefinition = {
  version: 1;
  name: string;
  nodes: { id: string; type: string; config: Record<string, unknown>; position: { x: number; y: number } }[];
  edges: never[];
};

export function starterDefinition(name: string): StarterDefinition {
  return {
    version: 1,
    name,
    nodes: [{ id: "trigger", type: "trigger", config: {}, position: { x: 0, y: 0 } }],
    edges: [],
  };
}
