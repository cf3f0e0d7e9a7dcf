// The audit log (lib/audit): what the routes record and for whom, the edit quiet time, the
// filters, the CSV, the append-only trigger and the retention prune. Both databases, through the
// real route handlers with a real API key and session cookie.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { createApiKey } from "../../lib/auth/api-keys";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { PEER_HEADER } from "../../lib/auth/client-address";
import { auditCsv, csvCell, listAuditEvents, type AuditRow } from "../../lib/audit/query";
import { recordAudit } from "../../lib/audit/record";
import { auditRetentionDays, pruneAuditEvents } from "../../lib/audit/retention";
import { auditEvents, users } from "../../lib/db/schema";
import { activeRuns } from "../../lib/runs/active";
import { createUser } from "../runs/helpers";
import { call, describeEachAppDb, json, sessionCookie } from "../api/support";
import { SAME_ORIGIN_JSON } from "../api/matrix";
import { auditRoute, startRuns, workflowRoute, workflowsRoute } from "../api/routes";

const definition = (name: string) => ({
  version: 1,
  name,
  nodes: [
    { id: "t", type: "trigger", config: {} },
    { id: "o", type: "output", config: { name: "done", value: true } },
  ],
  edges: [{ id: "e", source: "t", target: "o" }],
});

/** The trigger's refusal (drizzle wraps the driver's error as its cause). */
const appendOnlyRefusal = (error: unknown) => /audit_events is append-only/.test(String((error as { cause?: Error }).cause?.message ?? (error as Error).message));

async function auditList(headers: Record<string, string>, query = ""): Promise<AuditRow[]> {
  const response = await call(auditRoute.GET, `/api/audit${query}`, {}, { headers });
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { events: AuditRow[] }).events;
}

describeEachAppDb("audit log", (db) => {
  test("routes record who (key or person), what, on which object and from where; a stranger sees none of it", async () => {
    const alice = await createUser(db(), "alice");
    const stranger = await createUser(db(), "stranger");
    const { key } = await createApiKey(db(), { userId: alice }, await personalWorkspaceOf(db(), alice), "deploy bot", "admin");
    const byKey = { authorization: `Bearer ${key}`, [PEER_HEADER]: "203.0.113.7" };
    const bySession = { cookie: await sessionCookie(alice), ...SAME_ORIGIN_JSON, [PEER_HEADER]: "::ffff:198.51.100.4" };

    const created = await call(workflowsRoute.POST, "/api/workflows", {}, json({ name: "Orders" }, byKey));
    assert.equal(created.status, 201);
    const id = ((await created.json()) as { workflow: { id: string } }).workflow.id;
    const current = await call(workflowRoute.GET, `/api/workflows/${id}`, { id }, { headers: byKey });
    let revision = ((await current.json()) as { workflow: { revision: number } }).workflow.revision;
    for (let i = 0; i < 3; i++) {
      const patched = await call(workflowRoute.PATCH, `/api/workflows/${id}`, { id }, { ...json({ definition: definition("Orders"), revision }, bySession), method: "PATCH" });
      assert.equal(patched.status, 200, await patched.clone().text());
      revision = ((await patched.json()) as { workflow: { revision: number } }).workflow.revision;
    }
    const started = await call(startRuns.POST, `/api/workflows/${id}/runs`, { id }, json({ inputs: {} }, byKey));
    assert.equal(started.status, 202);
    const { runId } = (await started.json()) as { runId: string };
    await activeRuns.get(runId)?.done;

    const events = await auditList(byKey);
    assert.deepEqual(
      events.map((e) => [e.action, e.actorKind, e.actorLabel, e.objectId, e.address]),
      [
        ["run.start", "api_key", "deploy bot", runId, "203.0.113.7"],
        // Three saves within the quiet time are one entry.
        ["workflow.edit", "user", `${alice}@example.test`, id, "198.51.100.4"],
        ["workflow.create", "api_key", "deploy bot", id, "203.0.113.7"],
      ],
    );
    assert.equal(events[0].workflowId, id);
    assert.equal(events[0].workflowName, "Orders", "a run entry names its workflow");

    const deleted = await call(workflowRoute.DELETE, `/api/workflows/${id}`, { id }, { method: "DELETE", headers: byKey });
    assert.equal(deleted.status, 204);
    const [gone] = await auditList(byKey, "?action=workflow.delete");
    assert.equal(gone.objectLabel, "Orders", "the name is kept after the workflow is gone");

    assert.deepEqual(await auditList({ cookie: await sessionCookie(stranger), ...SAME_ORIGIN_JSON }), [], "another account's log is empty");
    assert.equal((await listAuditEvents(db(), await personalWorkspaceOf(db(), stranger), { limit: 200 })).length, 0);
  });

  test("filters: action, object, actor text (no patterns), days; bad filters are a 400 with the field", async () => {
    const owner = await createUser(db(), "filters");
    const { key } = await createApiKey(db(), { userId: owner }, await personalWorkspaceOf(db(), owner), "100%_bot", "admin");
    const byKey = { authorization: `Bearer ${key}` };
    await recordAudit(db(), { ownerId: owner, actor: { kind: "user", userId: owner }, action: "secret.set", objectId: "s1", objectLabel: "TOKEN" });
    await recordAudit(db(), { ownerId: owner, actor: { kind: "api_key", userId: owner, apiKeyId: "k", name: "100%_bot" }, action: "workflow.create", objectId: "w1" });
    await recordAudit(db(), { ownerId: owner, actor: { kind: "api_key", userId: owner, apiKeyId: "k2", name: "1000 bots" }, action: "workflow.create", objectId: "w2" });

    assert.deepEqual((await auditList(byKey, "?action=secret.set")).map((e) => e.objectLabel), ["TOKEN"]);
    assert.deepEqual((await auditList(byKey, "?object=workflow")).map((e) => e.objectId).sort(), ["w1", "w2"]);
    assert.deepEqual((await auditList(byKey, "?actor=100%25_")).map((e) => e.objectId), ["w1"], "% and _ match themselves");
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await auditList(byKey, `?from=${today}&to=${today}`)).length, 3);
    assert.equal((await auditList(byKey, "?to=2000-01-01")).length, 0);
    assert.equal((await auditList(byKey, "?limit=1")).length, 1);

    for (const [query, field] of [["?action=workflow.explode", "action"], ["?from=yesterday", "from"], ["?limit=0", "limit"], ["?format=xml", "format"], ["?actor=a%00b", "actor"]] as const) {
      const response = await call(auditRoute.GET, `/api/audit${query}`, {}, { headers: byKey });
      assert.equal(response.status, 400, query);
      assert.match(((await response.json()) as { error: string }).error, new RegExp(`^${field}: `), query);
    }
  });

  test("CSV: a header, every field quoted, formulas defused", async () => {
    const owner = await createUser(db(), "csv");
    const { key } = await createApiKey(db(), { userId: owner }, await personalWorkspaceOf(db(), owner), "csv key", "admin");
    await recordAudit(db(), { ownerId: owner, actor: { kind: "user", userId: owner }, action: "workflow.rename", objectId: "w", objectLabel: '=HYPERLINK("http://evil.example","x")' });
    const response = await call(auditRoute.GET, "/api/audit?format=csv", {}, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/csv/);
    assert.match(response.headers.get("content-disposition") ?? "", /attachment; filename="flowmaestro-audit-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await response.text()).trimEnd().split("\r\n");
    assert.equal(lines[0], "at,actor,actor_kind,action,object_type,object_id,object_name,workflow_id,address,detail");
    assert.equal(lines.length, 2);
    assert.ok(lines[1].includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`), lines[1]);
    assert.equal(csvCell("-1+2"), `"'-1+2"`);
    assert.equal(csvCell("plain, text"), `"plain, text"`);
    assert.equal(auditCsv([]), "at,actor,actor_kind,action,object_type,object_id,object_name,workflow_id,address,detail\r\n");
  });

  test("append-only: no update, no delete but the prune and the owner's account going; the prune keeps the recent", async () => {
    const owner = await createUser(db(), "append");
    await recordAudit(db(), { ownerId: owner, actor: { kind: "user", userId: owner }, action: "secret.delete", objectId: "s", objectLabel: "OLD" });
    await recordAudit(db(), { ownerId: owner, actor: { kind: "user", userId: owner }, action: "secret.set", objectId: "s", objectLabel: "NEW" });
    await assert.rejects(db().update(auditEvents).set({ actorLabel: "someone else" }).where(eq(auditEvents.ownerId, owner)), appendOnlyRefusal);
    await assert.rejects(db().delete(auditEvents).where(eq(auditEvents.ownerId, owner)), appendOnlyRefusal);
    assert.equal((await listAuditEvents(db(), await personalWorkspaceOf(db(), owner), { limit: 200 })).length, 2, "nothing changed");

    // Ten days on, with a retention of 5 days: both go; with 30, both stay.
    const later = new Date(Date.now() + 10 * 86_400_000);
    assert.equal(await pruneAuditEvents(db(), 30, later), 0);
    const before = (await listAuditEvents(db(), await personalWorkspaceOf(db(), owner), { limit: 200 })).length;
    assert.ok((await pruneAuditEvents(db(), 5, later)) >= before);
    assert.equal((await listAuditEvents(db(), await personalWorkspaceOf(db(), owner), { limit: 200 })).length, 0);
    // The prune's permission ends with its transaction.
    await recordAudit(db(), { ownerId: owner, actor: { kind: "user", userId: owner }, action: "secret.set", objectId: "s2" });
    await assert.rejects(db().delete(auditEvents).where(eq(auditEvents.ownerId, owner)), appendOnlyRefusal);

    // Deleting the account takes its log with it (the foreign key's cascade).
    await db().delete(users).where(eq(users.id, owner));
    assert.equal((await db().select().from(auditEvents).where(eq(auditEvents.ownerId, owner))).length, 0);
  });

  test("retention setting: default a year; anything but whole days ≥ 1 is refused with the reason", () => {
    assert.equal(auditRetentionDays({}), 365);
    assert.equal(auditRetentionDays({ FLOWMAESTRO_AUDIT_RETENTION_DAYS: " 30 " }), 30);
    for (const bad of ["0", "-3", "1.5", "a year"]) assert.throws(() => auditRetentionDays({ FLOWMAESTRO_AUDIT_RETENTION_DAYS: bad }), /FLOWMAESTRO_AUDIT_RETENTION_DAYS: ".*" is not a whole number of days/);
  });
});
