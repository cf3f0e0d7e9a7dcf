/** A small definition with an error port, a condition and a loop, for tests and the canvas preview. */
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";

export const sampleWorkflow: WorkflowDefinition = {
  version: 1,
  name: "Enrich signups",
  variables: { processed: 0 },
  nodes: [
    { id: "trigger", type: "trigger", name: "New signup", config: {}, position: { x: 0, y: 120 } },
    { id: "fetchUser", type: "http", name: "Fetch user", errorPort: true, retry: { maxAttempts: 3, backoffMs: 500 },
      config: { method: "GET", url: "https://api.example.com/users/{{inputs.userId}}" }, position: { x: 300, y: 120 } },
    { id: "isVip", type: "condition", name: "Is VIP?", config: { field: "{{fetchUser.data.plan}}", operator: "equals", value: "vip" }, position: { x: 620, y: 40 } },
    { id: "notifyFailure", type: "output", name: "Report failure", config: { name: "failure", value: "{{fetchUser.error.message}}" }, position: { x: 620, y: 300 } },
    { id: "eachOrder", type: "loop", name: "Each order", config: { mode: "forEach", items: "{{fetchUser.data.orders}}" }, position: { x: 940, y: -40 }, size: { width: 600, height: 220 } },
    { id: "scoreOrder", type: "javascript", name: "Score order", parentId: "eachOrder", config: { code: "return data.total * 2;", input: "{{loop.item}}" }, position: { x: 32, y: 72 } },
    { id: "saveScore", type: "variable", name: "Save score", parentId: "eachOrder", config: { name: "processed", value: "{{scoreOrder.result}}" }, position: { x: 320, y: 72 } },
    { id: "done", type: "output", name: "Result", config: { name: "scores", value: "{{eachOrder.results}}" }, position: { x: 1640, y: 40 } },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "fetchUser" },
    { id: "e2", source: "fetchUser", target: "isVip" },
    { id: "e3", source: "fetchUser", target: "notifyFailure", sourceHandle: "error" },
    { id: "e4", source: "isVip", target: "eachOrder", sourceHandle: "true" },
    { id: "e5", source: "scoreOrder", target: "saveScore" },
    { id: "e6", source: "eachOrder", target: "done" },
  ],
};
