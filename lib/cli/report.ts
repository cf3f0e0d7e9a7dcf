/** The human-readable run summary printed without --json. */
import type { RunResult } from "../engine";

const line = (text = "") => `${text}\n`;

function short(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? "null" : text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

export function describeResult(result: RunResult): string {
  let out = line(`run ${result.runId}: ${result.status} in ${result.durationMs} ms`);
  if (result.error) out += line(`error at ${result.error.nodeId}: ${result.error.message}`);
  const outputs = Object.entries(result.outputs);
  if (outputs.length) {
    out += line("outputs:");
    for (const [name, value] of outputs) out += line(`  ${name} = ${short(value)}`);
  }
  out += line("nodes:");
  for (const [id, node] of Object.entries(result.nodes)) {
    const detail = node.error ? ` (${node.error.code}: ${node.error.message}${node.errorRouted ? ", routed" : ""})` : "";
    const time = node.durationMs !== undefined ? ` ${node.durationMs} ms` : "";
    out += line(`  ${id.padEnd(20)} ${node.status}${time}${detail}`);
  }
  for (const wp of result.waiting ?? []) {
    out += line(`waiting: ${wp.kind} at ${wp.nodeId} (${wp.id})${wp.expiresAt ? `, expires ${wp.expiresAt}` : ""}`);
    out += line(`  resume: flowmaestro resume ${result.runId} --waitpoint ${wp.id} --input '{...}'`);
  }
  return out;
}
