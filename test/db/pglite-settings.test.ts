// The embedded store's PostgreSQL settings: shared_buffers is held in PGlite's WebAssembly memory,
// so it is paid in RSS by every process that opens the store (lib/db/pglite.ts, PGLITE_SETTINGS).
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, test } from "node:test";
import { openDb } from "../../lib/db/client";
import type { PgliteHandle } from "../../lib/db/pglite";
import { createTestDataDir } from "../support/db";

let dataDir: string;
before(async () => (dataDir = await createTestDataDir()));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test("the embedded store runs with 16 MB of shared buffers, not initdb's 128 MB", async () => {
  const handle = await openDb({ dataDir, command: "pglite-settings test" });
  try {
    assert.equal(handle.kind, "pglite");
    const { rows } = await (handle as PgliteHandle).client.query<{ shared_buffers: string }>("show shared_buffers");
    assert.equal(rows[0]?.shared_buffers, "16MB");
  } finally {
    await handle.close();
  }
});
