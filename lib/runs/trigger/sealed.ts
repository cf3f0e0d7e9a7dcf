/**
 * Secrets never travel to Trigger.dev (it stores and shows every payload and output). The engine
 * resolves a node's config with `{{env.*}}` filled in, and upstream outputs in the scope may echo
 * a secret; so before a payload leaves the coordinator, and before a child's result goes back to
 * the platform, every secret value (as written and in the encodings the masker knows: base64,
 * base64url, URL-encoded) is replaced by a reference `⟪fm:<tag>:<NAME>:<form>⟫`. The other side
 * reads the same secrets from the app's database (by run id) and puts the values back.
 *
 * The tag is derived from the run id and the secret values: a server echoing text it made up can't
 * forge a reference that the other side would turn into a secret.
 */
import { createHash } from "node:crypto";
import { maskedForms, MIN_MASKED } from "../../engine/run/mask";

export interface SecretSeal {
  /** Secret values replaced by references (what may be sent to the platform). */
  seal<T>(value: T): T;
  /** References put back to the values (what the engine and handlers see). */
  unseal<T>(value: T): T;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function walk(value: unknown, text: (s: string) => string): unknown {
  if (typeof value === "string") return text(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, text));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k), walk(v, text)]));
  return value;
}

export function createSecretSeal(runId: string, env: Readonly<Record<string, string>>): SecretSeal {
  const names = Object.keys(env).filter((name) => typeof env[name] === "string" && env[name].length >= MIN_MASKED).sort();
  if (names.length === 0) return { seal: (v) => v, unseal: (v) => v };
  const tag = createHash("sha256").update(JSON.stringify([runId, names.map((n) => [n, env[n]])])).digest("hex").slice(0, 16);
  const byForm = new Map<string, string>();
  const byRef = new Map<string, string>();
  for (const name of names) {
    maskedForms(env[name]).forEach((form, i) => {
      const ref = `⟪fm:${tag}:${name}:${i}⟫`;
      if (!byForm.has(form)) byForm.set(form, ref);
      byRef.set(ref, form);
    });
  }
  // One pass, longest form first: a reference is never scanned again.
  const forms = [...byForm.keys()].sort((a, b) => b.length - a.length);
  const formPattern = new RegExp(forms.map(escape).join("|"), "g");
  const refPattern = new RegExp(`⟪fm:${tag}:[A-Za-z0-9_]+:\\d+⟫`, "g");
  const sealText = (s: string) => s.replace(formPattern, (form) => byForm.get(form) ?? form);
  const unsealText = (s: string) => (s.includes("⟪fm:") ? s.replace(refPattern, (ref) => byRef.get(ref) ?? ref) : s);
  return {
    seal: <T>(value: T) => walk(value, sealText) as T,
    unseal: <T>(value: T) => walk(value, unsealText) as T,
  };
}
