// API keys checked once per API_KEY_CACHE_MS (lib/auth/api-keys.ts): a revoke in this process is
// honoured at once; a revoke written by another instance (straight into the table here) within
// the cache's time; unknown keys are never cached. Both databases.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { API_KEY_CACHE_MS, createApiKey, listApiKeys, revokeApiKey, userForApiKey } from "../../lib/auth/api-keys";
import { apiKeys } from "../../lib/db/schema";
import { describeEachAppDb } from "../api/support";
import { createUser } from "../runs/helpers";
import { personalWorkspaceOf } from "../../lib/workspaces/members";

describeEachAppDb("API key cache", (db) => {
  test("a revoke here is honoured at once; another instance's within the cache time", async () => {
    const user = await createUser(db());
    const workspace = await personalWorkspaceOf(db(), user);
    const here = await createApiKey(db(), { userId: user }, workspace, "here", "admin");
    const t0 = Date.now();
    assert.equal(await userForApiKey(db(), here.key, t0), user);
    assert.ok((await listApiKeys(db(), workspace)).find((k) => k.name === "here")?.lastUsedAt, "the first use is recorded");
    assert.ok(await revokeApiKey(db(), workspace, here.apiKey.id));
    assert.equal(await userForApiKey(db(), here.key, t0 + 1), null, "revoked in this process: refused at once");

    const elsewhere = await createApiKey(db(), { userId: user }, workspace, "elsewhere", "admin");
    assert.equal(await userForApiKey(db(), elsewhere.key, t0), user);
    // Another instance revokes it: this one's cache still holds it for a while, then asks again.
    await db().update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, elsewhere.apiKey.id));
    assert.equal(await userForApiKey(db(), elsewhere.key, t0 + API_KEY_CACHE_MS - 1), user, "within the cache time");
    assert.equal(await userForApiKey(db(), elsewhere.key, t0 + API_KEY_CACHE_MS), null, "refused once the cache time passed");
    assert.equal(await userForApiKey(db(), elsewhere.key, t0 + 1), null, "and not cached again");

    // An unknown key is asked for every time (never cached as someone).
    assert.equal(await userForApiKey(db(), "fm_not-a-key", t0), null);
  });
});
