// AUTH_SECRET signs the session cookies. Production sets it explicitly; on a developer machine
// the first start generates one and keeps it in the data dir, so `npm run dev` just works and
// sessions survive restarts.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const SECRET_FILE = "auth-secret";

export function dataDir(): string {
  // A run-time location, not a source file: keep it out of the build's file tracing.
  return resolve(/*turbopackIgnore: true*/ process.env.FLOWMAESTRO_DATA_DIR || ".data");
}

function readSecret(file: string): string | null {
  try {
    const text = readFileSync(file, "utf8").trim();
    return text.length >= 32 ? text : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Returns AUTH_SECRET, or the one kept in the data dir (created on first use, mode 0600). */
export function authSecret(): string {
  const fromEnv = process.env.AUTH_SECRET;
  if (fromEnv) return fromEnv;
  const dir = dataDir();
  const file = join(dir, SECRET_FILE);
  const existing = readSecret(file);
  if (existing) return existing;
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    // "wx": if two processes race, exactly one writes and the other reads the winner's secret.
    writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    chmodSync(file, 0o600);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const winner = readSecret(file);
    if (!winner) throw new Error(`${file} exists but holds no usable secret; delete it or set AUTH_SECRET`);
    return winner;
  }
}

/**
 * Called once at start-up (instrumentation.ts): fills in the defaults Auth.js reads from the
 * environment, so every part of the app (proxy, route handlers, actions) agrees on them.
 */
export function ensureAuthEnv(): void {
  process.env.AUTH_SECRET = authSecret();
  process.env.AUTH_TRUST_HOST ??= "true";
}
