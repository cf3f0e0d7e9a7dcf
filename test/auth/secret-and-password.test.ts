import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { hashPassword, verifyPassword } from "../../lib/auth/password";
import { authSecret } from "../../lib/auth/secret";

let dir = "";
const saved = { AUTH_SECRET: process.env.AUTH_SECRET, FLOWMAESTRO_DATA_DIR: process.env.FLOWMAESTRO_DATA_DIR };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "fm-secret-"));
  delete process.env.AUTH_SECRET;
  process.env.FLOWMAESTRO_DATA_DIR = join(dir, "data");
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

test("without AUTH_SECRET, one is generated once into the data dir, readable by its owner only", () => {
  const first = authSecret();
  const file = join(dir, "data", "auth-secret");
  assert.ok(first.length >= 32);
  assert.equal(readFileSync(file, "utf8").trim(), first);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(authSecret(), first);
});

test("AUTH_SECRET wins and nothing is written", () => {
  process.env.AUTH_SECRET = "from-the-environment-0123456789abcdef";
  assert.equal(authSecret(), "from-the-environment-0123456789abcdef");
  assert.throws(() => statSync(join(dir, "data", "auth-secret")), { code: "ENOENT" });
});

test("passwords are hashed with argon2id and verified", async () => {
  const hash = await hashPassword("correct horse battery");
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(await verifyPassword(hash, "correct horse battery"), true);
  assert.equal(await verifyPassword(hash, "correct horse batterY"), false);
  assert.equal(await verifyPassword("not a hash", "anything"), false);
});
