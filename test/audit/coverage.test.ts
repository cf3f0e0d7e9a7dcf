// Every way to change something writes the audit log (issue 16): each route handler that isn't a
// GET and each exported server action calls auditRequest / auditAction (lib/audit/context.ts), or
// is listed below with the reason it records nothing. A new route or action without either fails.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const root = join(import.meta.dirname, "../..");

/** "file#export": why it writes no entry. */
const NOT_AUDITED: Record<string, string> = {
  "app/api/hooks/[workflowId]/[secret]/route.ts#POST": "a webhook starts the run: no person or key acts (the run's trigger says webhook)",
  "app/api/auth/[...nextauth]/route.ts#POST": "Auth.js's sign-in and sign-out",
  "app/api/mcp/route.ts#POST": "each tool call's run start is written by lib/mcp/server.ts (listing tools changes nothing)",
  "app/approve/[token]/decide/route.ts#POST": "written by submitWithToken (lib/approvals/decide.ts), which alone knows the link's addressee",
  "app/(app)/workflows/[id]/editor-actions.ts#validateDefinition": "checks a draft, changes nothing",
  "app/(app)/workflows/[id]/run-actions.ts#listRunsAction": "a read",
  "app/(app)/workflows/[id]/mcp-actions.ts#mcpToolsAction": "a read (the tools an MCP server offers)",
  "app/(app)/workflows/[id]/run-actions.ts#nodeRunDetailAction": "a read",
  "app/(app)/workflows/[id]/version-actions.ts#listVersionsAction": "a read",
  "app/(app)/workflows/[id]/version-actions.ts#versionDefinitionAction": "a read",
  "app/(app)/workflows/[id]/webhook-actions.ts#webhookPanelAction": "a read (the URL's secret is made on first view; its reset is recorded)",
  "app/(app)/workflows/[id]/webhook-actions.ts#listenWebhookAction": "arms a 5-minute test listener; nothing lasting changes",
  "app/(app)/workflows/[id]/pin-actions.ts#pinOutputAction": "sample data for testing a node, never read by runs",
  "app/(app)/runs/[id]/approval-actions.ts#runShareStateAction": "a read",
  "app/(app)/settings/account/actions.ts#changePasswordAction": "the account, not workflows, runs, secrets or keys",
  "lib/runs/actions.ts#testNodeAction": "runs one node and stores nothing",
  "lib/runs/actions.ts#webhookUrlAction": "a read (the URL's secret is made on first view)",
};

function files(dir: string, keep: (name: string, path: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : files(path, keep);
    return keep(entry.name, path) ? [relative(root, path)] : [];
  });
}

/** Each export's own text: from its name to the next export. */
function exportsOf(source: string, pattern: RegExp): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of source.matchAll(pattern)) {
    const start = match.index;
    const next = source.slice(start + 1).search(/\nexport /);
    found.set(match[1], next === -1 ? source.slice(start) : source.slice(start, start + 1 + next));
  }
  return found;
}

test("every route that changes something and every server action writes the audit log, or says why not", () => {
  const routes = files(join(root, "app"), (name) => name === "route.ts");
  const actions = [...files(join(root, "app"), (_n, p) => /\.tsx?$/.test(p)), ...files(join(root, "lib"), (_n, p) => /\.tsx?$/.test(p))].filter(
    (file) => file !== "app/(auth)/actions.ts" && /^["']use server["']/m.test(readFileSync(join(root, file), "utf8")),
  );
  const problems: string[] = [];
  const seen = new Set<string>();
  const check = (file: string, name: string, own: string) => {
    const key = `${file}#${name}`;
    seen.add(key);
    const audits = /audit(Request|Action)\(/.test(own);
    if (!audits && !NOT_AUDITED[key]) problems.push(`${key}: writes no audit entry (call auditRequest/auditAction, or list it in NOT_AUDITED with the reason)`);
    if (audits && NOT_AUDITED[key]) problems.push(`${key}: audits, but NOT_AUDITED says it doesn't`);
  };
  for (const file of routes) {
    const source = readFileSync(join(root, file), "utf8");
    for (const [name, own] of exportsOf(source, /export (?:async function|const) (POST|PUT|PATCH|DELETE)\b/g)) check(file, name, own);
    // Auth.js's handlers are exported by destructuring.
    if (/export const \{[^}]*POST/.test(source)) check(file, "POST", "");
  }
  for (const file of actions) {
    for (const [name, own] of exportsOf(readFileSync(join(root, file), "utf8"), /export (?:async function|const) (\w+)/g)) check(file, name, own);
  }
  for (const key of Object.keys(NOT_AUDITED)) if (!seen.has(key)) problems.push(`${key}: listed in NOT_AUDITED but no such route or action`);
  assert.deepEqual(problems, []);
});
