/** The workflow definition as the editor reads and writes it (spec section 1). Unknown keys are kept. */
export type XY = { x: number; y: number };

export type DefinitionNode = {
  id: string;
  type: string;
  name?: string;
  config?: Record<string, unknown>;
  position?: XY;
  /** Canvas only, containers: the body's size. The engine ignores it like `position`. */
  size?: { width: number; height: number };
  parentId?: string;
  errorPort?: boolean;
  retry?: { maxAttempts?: number; backoffMs?: number };
  timeoutMs?: number | string;
  [key: string]: unknown;
};

export type DefinitionEdge = {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string;
  [key: string]: unknown;
};

export type WorkflowDefinition = {
  version: 1;
  name?: string;
  inputs?: unknown;
  variables?: Record<string, unknown>;
  nodes: DefinitionNode[];
  edges: DefinitionEdge[];
  [key: string]: unknown;
};

export function emptyDefinition(name?: string): WorkflowDefinition {
  return { version: 1, ...(name ? { name } : {}), nodes: [], edges: [] };
}
