/**
 * Masks workspace environment values (secrets) in what leaves the engine: events, results, pages,
 * mail. A secret is found as written and in the encodings a server is likely to echo it in: base64
 * and base64url (also inside a longer encoded text, e.g. a Basic credential: the part of the
 * encoding that depends only on the secret, at each of the three byte alignments), and URL-encoded.
 * Values shorter than MIN_MASKED characters are not masked (they would mask ordinary words);
 * Settings warns about secrets shorter than 8.
 */
export const MASK = "••••••";
export const MIN_MASKED = 4;
/** The shortest encoded fragment worth masking (shorter ones match by chance). */
const MIN_FRAGMENT = 6;

/** The base64 text that encodes `bytes` whatever precedes or follows them, at each alignment. */
function base64Cores(bytes: Buffer, alphabet: "base64" | "base64url"): string[] {
  const cores: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    const text = Buffer.concat([Buffer.alloc(lead), bytes]).toString(alphabet).replace(/=+$/, "");
    // Characters of the first group mix in the unknown leading bytes; those of a last partial group, the following ones.
    const start = lead === 0 ? 0 : 4;
    const end = Math.floor((lead + bytes.length) / 3) * 4;
    const core = text.slice(start, end);
    if (core.length >= MIN_FRAGMENT) cores.push(core);
  }
  return cores;
}

/** Every form of `secret` to mask, longest first. */
export function maskedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const whole = [bytes.toString("base64"), bytes.toString("base64").replace(/=+$/, ""), bytes.toString("base64url")];
  const urlEncoded = [encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, "+")];
  const forms = new Set([secret, ...whole, ...base64Cores(bytes, "base64"), ...base64Cores(bytes, "base64url"), ...urlEncoded]);
  return [...forms].filter((f) => f.length >= MIN_MASKED).sort((a, b) => b.length - a.length);
}

export function createMasker(env: Readonly<Record<string, string>>): <T>(value: T) => T {
  const forms = [...new Set(Object.values(env).filter((v) => typeof v === "string" && v.length >= MIN_MASKED).flatMap(maskedForms))].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (value) => value;
  const maskText = (text: string) => forms.reduce((out, form) => (out.includes(form) ? out.split(form).join(MASK) : out), text);
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return maskText(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskText(k), walk(v)]));
    return value;
  };
  return <T>(value: T) => walk(value) as T;
}
