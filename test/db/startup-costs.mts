// Measures PGlite start-up costs (not a test): node --import tsx test/db/startup-costs.mts
import fs from "node:fs"; import os from "node:os"; import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDb } from "../../lib/db/client";
import { pgliteTemplate, createTestDb } from "../../lib/db/testing";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fm-bench-"));
let t = Date.now(); const p = await PGlite.create({ dataDir: path.join(tmp, "fresh") }); await p.close();
console.log("fresh PGlite create (initdb) + close", Date.now() - t, "ms");
t = Date.now(); let h = await openDb({ dataDir: path.join(tmp, "a") }); console.log("fresh folder open+migrate", Date.now() - t, "ms"); await h.close();
t = Date.now(); h = await openDb({ dataDir: path.join(tmp, "a") }); console.log("existing folder open+migrate(no-op)", Date.now() - t, "ms"); await h.close();
t = Date.now(); const blob = await pgliteTemplate(); console.log("template get (cached?)", Date.now() - t, "ms", blob.size, "bytes");
t = Date.now(); const td = await createTestDb("pglite"); console.log("test db from template (load+open+migrate check)", Date.now() - t, "ms"); await td.cleanup();
t = Date.now(); const tp = await createTestDb("postgres"); console.log("test postgres db create+migrate", Date.now() - t, "ms"); t = Date.now(); await tp.cleanup(); console.log("pg drop", Date.now() - t, "ms");
fs.rmSync(tmp, { recursive: true, force: true });
