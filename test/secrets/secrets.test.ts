// The secrets key and cipher: key formats, the generated key file, authenticated rows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { decryptSecret, encryptSecret } from "../../lib/secrets/cipher";
import { parseSecretKey, SecretKeyError, secretKey } from "../../lib/secrets/key";
import { listSecrets, secretsEnv, setSecret } from "../../lib/secrets/store";
import { personalWorkspaceOf } from "../../lib/workspaces/members";
import { describeEachDb } from "../support/db";
import { createUser } from "../runs/helpers";

test("FLOWMAESTRO_SECRET_KEY: 32 bytes as hex or base64; anything else says why", () => {
  const raw = randomBytes(32);
  assert.deepEqual(parseSecretKey(raw.toString("hex"), "k"), raw);
  assert.deepEqual(parseSecretKey(raw.toString("base64"), "k"), raw);
  assert.deepEqual(parseSecretKey(raw.toString("base64url"), "k"), raw);
  assert.throws(() => parseSecretKey("short", "FLOWMAESTRO_SECRET_KEY"), (e: SecretKeyError) => /32 bytes.*decodes to \d+ bytes/.test(e.message));
});

test("without FLOWMAESTRO_SECRET_KEY a key is generated into the data dir (mode 0600) and reused", () => {
  const dir = mkdtempSync(join(tmpdir(), "fm-secret-key-"));
  const saved = { key: process.env.FLOWMAESTRO_SECRET_KEY, dir: process.env.FLOWMAESTRO_DATA_DIR };
  try {
    delete process.env.FLOWMAESTRO_SECRET_KEY;
    process.env.FLOWMAESTRO_DATA_DIR = dir;
    const key = secretKey();
    assert.equal(key.length, 32);
    const file = join(dir, "secret-key");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(Buffer.from(readFileSync(file, "utf8").trim(), "base64"), key);
    assert.deepEqual(secretKey(), key);
    process.env.FLOWMAESTRO_SECRET_KEY = randomBytes(32).toString("hex");
    assert.notDeepEqual(secretKey(), key, "the environment wins");
  } finally {
    if (saved.key === undefined) delete process.env.FLOWMAESTRO_SECRET_KEY;
    else process.env.FLOWMAESTRO_SECRET_KEY = saved.key;
    if (saved.dir === undefined) delete process.env.FLOWMAESTRO_DATA_DIR;
    else process.env.FLOWMAESTRO_DATA_DIR = saved.dir;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("AES-256-GCM: round trip; fresh IV each time; another row, user or key can't decrypt", () => {
  const key = randomBytes(32);
  const stored = encryptSecret(key, "user-a", "TOKEN", "hunter2-value");
  assert.ok(!stored.includes("hunter2"));
  assert.notEqual(encryptSecret(key, "user-a", "TOKEN", "hunter2-value"), stored);
  assert.equal(decryptSecret(key, "user-a", "TOKEN", stored), "hunter2-value");
  assert.throws(() => decryptSecret(key, "user-b", "TOKEN", stored));
  assert.throws(() => decryptSecret(key, "user-a", "OTHER", stored));
  assert.throws(() => decryptSecret(randomBytes(32), "user-a", "TOKEN", stored));
  const tampered = stored.slice(0, -4) + (stored.endsWith("AAAA") ? "BBBB" : "AAAA");
  assert.throws(() => decryptSecret(key, "user-a", "TOKEN", tampered));
});

describeEachDb("secrets too short to mask", (getTestDb) => {
  test("a value under 8 characters is flagged when saved and in the list, without the value leaving the store", async () => {
    const db = getTestDb().handle.db;
    const userId = await createUser(db);
    const workspaceId = await personalWorkspaceOf(db, userId);
    assert.equal((await setSecret(db, workspaceId, userId, "PIN", "1234567")).tooShortToMask, true);
    assert.equal((await setSecret(db, workspaceId, userId, "TOKEN", "12345678")).tooShortToMask, false);
    const listed = await listSecrets(db, workspaceId);
    assert.deepEqual(
      listed.map(({ name, tooShortToMask }) => ({ name, tooShortToMask })),
      [
        { name: "PIN", tooShortToMask: true },
        { name: "TOKEN", tooShortToMask: false },
      ],
    );
    assert.ok(!JSON.stringify(listed).includes("1234567"), "the list carries no value");
  });
});

// The server's key changed since a secret was saved (FLOWMAESTRO_SECRET_KEY rotated, a data folder
// moved without its key file): that secret can't be opened. It is flagged in the list and left out
// of runs' env; the workspace's other secrets and runs go on. Thrown, it failed every run of the
// workspace and a recovered run was taken up again forever (found by test/runs/crash-agent.test.ts).
describeEachDb("a secret this server's key can't open", (getTestDb) => {
  test("is flagged in the list and missing from runs' env, while the others are read", async () => {
    const db = getTestDb().handle.db;
    const userId = await createUser(db);
    const workspaceId = await personalWorkspaceOf(db, userId);
    const saved = process.env.FLOWMAESTRO_SECRET_KEY;
    try {
      process.env.FLOWMAESTRO_SECRET_KEY = randomBytes(32).toString("hex");
      await setSecret(db, workspaceId, userId, "OLD_TOKEN", "saved-under-the-old-key");
      // Another key: without the variable, the data folder's generated key.
      const dir = mkdtempSync(join(tmpdir(), "fm-secret-rotated-"));
      const savedDir = process.env.FLOWMAESTRO_DATA_DIR;
      delete process.env.FLOWMAESTRO_SECRET_KEY;
      process.env.FLOWMAESTRO_DATA_DIR = dir;
      try {
        await setSecret(db, workspaceId, userId, "NEW_TOKEN", "saved-under-the-new-key");
        const listed = await listSecrets(db, workspaceId);
        assert.deepEqual(listed.map(({ name, unreadable }) => ({ name, unreadable: unreadable === true })), [
          { name: "NEW_TOKEN", unreadable: false },
          { name: "OLD_TOKEN", unreadable: true },
        ]);
        assert.deepEqual(await secretsEnv(db, workspaceId), { NEW_TOKEN: "saved-under-the-new-key" });
      } finally {
        if (savedDir === undefined) delete process.env.FLOWMAESTRO_DATA_DIR;
        else process.env.FLOWMAESTRO_DATA_DIR = savedDir;
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      if (saved === undefined) delete process.env.FLOWMAESTRO_SECRET_KEY;
      else process.env.FLOWMAESTRO_SECRET_KEY = saved;
    }
  });
});
