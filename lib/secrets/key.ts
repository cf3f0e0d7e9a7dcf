// The key that encrypts users' secrets: FLOWMAESTRO_SECRET_KEY (32 bytes, base64 or hex), or one
// generated on first use into the data dir (mode 0600), so a developer machine needs no setup.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dataDir } from "@/lib/auth/secret";

const KEY_FILE = "secret-key";

export class SecretKeyError extends Error {
  override name = "SecretKeyError";
}

/** 32 bytes from hex (64 chars) or base64/base64url; anything else is refused with a reason. */
export function parseSecretKey(text: string, source: string): Buffer {
  const value = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  if (key.length !== 32) throw new SecretKeyError(`${source} must be 32 bytes as hex (64 characters) or base64; it decodes to ${key.length} bytes`);
  return key;
}

function readKeyFile(file: string): Buffer | null {
  try {
    return parseSecretKey(readFileSync(file, "utf8"), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

let cached: { source: string; key: Buffer } | undefined;

export function secretKey(): Buffer {
  const fromEnv = process.env.FLOWMAESTRO_SECRET_KEY;
  const source = fromEnv ? "env" : dataDir();
  if (cached?.source === source) return cached.key;
  let key: Buffer;
  if (fromEnv) key = parseSecretKey(fromEnv, "FLOWMAESTRO_SECRET_KEY");
  else {
    const file = join(source, KEY_FILE);
    key = readKeyFile(file) ?? createKeyFile(source, file);
  }
  cached = { source, key };
  return key;
}

function createKeyFile(dir: string, file: string): Buffer {
  mkdirSync(dir, { recursive: true });
  const key = randomBytes(32);
  try {
    // "wx": when two processes race, one writes and the other reads the winner's key.
    writeFileSync(file, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
    chmodSync(file, 0o600);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readKeyFile(file)!;
  }
}
