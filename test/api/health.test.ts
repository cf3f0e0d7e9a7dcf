// GET /api/health: the database kind and the runtime new runs go to (Trigger.dev exactly when
// TRIGGER_SECRET_KEY is set, blank counting as unset like the run service).
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { GET } from "../../app/api/health/route";
import { describeEachAppDb } from "./support";

afterEach(() => {
  delete process.env.TRIGGER_SECRET_KEY;
});

describeEachAppDb("GET /api/health", () => {
  test("reports the embedded runtime without TRIGGER_SECRET_KEY and trigger.dev with it", async () => {
    delete process.env.TRIGGER_SECRET_KEY;
    const embedded = await GET();
    assert.equal(embedded.status, 200);
    const body = (await embedded.json()) as { ok: boolean; db: string; runtime: string };
    assert.equal(body.ok, true);
    assert.equal(body.runtime, "embedded");
    assert.ok(body.db === "pglite" || body.db === "postgres");

    process.env.TRIGGER_SECRET_KEY = "tr_dev_health";
    assert.equal(((await (await GET()).json()) as { runtime: string }).runtime, "trigger.dev");
    process.env.TRIGGER_SECRET_KEY = "  ";
    assert.equal(((await (await GET()).json()) as { runtime: string }).runtime, "embedded", "a blank key starts no Trigger.dev runs");
  });
});
