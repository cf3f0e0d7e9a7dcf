/**
 * Secret values at rest: a run's snapshot and journal hold what its nodes read and produced,
 * unmasked (a node downstream needs the real value), so for a run whose workspace has secrets they
 * are stored sealed with the secret key (AES-256-GCM, the run id as authenticated data: a sealed
 * state copied onto another run fails to open). Events, node runs, results and waitpoint details are
 * stored masked instead. A run without secrets is stored as plain JSON (nothing to protect, and
 * cheaper). lib/runs/snapshot.ts opens what this seals.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { secretKey } from "../secrets/key";
import { MIN_MASKED } from "../engine/run/mask";

const VERSION = "v1";
type Sealed = { $sealed: string };

const isSealed = (value: unknown): value is Sealed =>
  typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as Sealed).$sealed === "string" && Object.keys(value).length === 1;

/** Whether a run with this environment stores its state sealed (it has a value worth masking). */
export const sealsState = (env: Readonly<Record<string, string>>) => Object.values(env).some((v) => typeof v === "string" && v.length >= MIN_MASKED);

export function seal(runId: string, value: unknown): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretKey(), iv);
  cipher.setAAD(Buffer.from(runId));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return { $sealed: `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}` };
}

/** The value as stored when it was not sealed; the opened value when it was. */
export function unseal(runId: string, stored: unknown): unknown {
  if (!isSealed(stored)) return stored;
  const [version, payload] = stored.$sealed.split(":", 2);
  if (version !== VERSION || !payload) throw new Error(`run ${runId}: its stored state is sealed in an unknown format`);
  const raw = Buffer.from(payload, "base64");
  const decipher = createDecipheriv("aes-256-gcm", secretKey(), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(runId));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8"));
  } catch {
    throw new Error(`run ${runId}: its stored state can't be opened with this FLOWMAESTRO_SECRET_KEY (was the key changed?)`);
  }
}

/** A journal row's entries: sealed as one value (one ciphertext per checkpoint), or plain. */
export function sealEntries(runId: string, entries: readonly unknown[]): unknown[] {
  return [seal(runId, entries)];
}

export function unsealEntries(runId: string, entries: readonly unknown[]): unknown[] {
  return entries.flatMap((entry) => (isSealed(entry) ? (unseal(runId, entry) as unknown[]) : [entry]));
}
