// The app's Trigger.dev settings read at start-up: TRIGGER_SECRET_KEY without DATABASE_URL is
// refused with the reason (instrumentation.ts exits with it); TRIGGER_API_URL reaches the run
// panel's realtime hooks as their baseURL (through GET /api/runs/:id/trigger-token).
import assert from "node:assert/strict";
import { test } from "node:test";
import { triggerApiUrl, triggerConfigProblem } from "../../lib/runs/trigger/start";

test("TRIGGER_SECRET_KEY on PGlite (no DATABASE_URL) is refused with the reason", () => {
  assert.match(triggerConfigProblem({ TRIGGER_SECRET_KEY: "tr_prod_x" }) ?? "", /TRIGGER_SECRET_KEY is set but DATABASE_URL is not: .*PostgreSQL/);
  assert.match(triggerConfigProblem({ TRIGGER_SECRET_KEY: "tr_prod_x", DATABASE_URL: "  " }) ?? "", /DATABASE_URL is not/);
  assert.equal(triggerConfigProblem({ TRIGGER_SECRET_KEY: "tr_prod_x", DATABASE_URL: "postgres://db/app" }), null);
  assert.equal(triggerConfigProblem({}), null, "embedded runs on PGlite are fine");
});

test("TRIGGER_API_URL is the hooks' baseURL; unset means the cloud", () => {
  assert.equal(triggerApiUrl({ TRIGGER_API_URL: "https://trigger.example.com/ " }), "https://trigger.example.com");
  assert.equal(triggerApiUrl({}), null);
});
