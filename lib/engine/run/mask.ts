/** Masks workspace environment values (secrets) in what leaves the engine through events. */
const MASK = "••••••";

export function createMasker(env: Readonly<Record<string, string>>): <T>(value: T) => T {
  const secrets = Object.values(env)
    .filter((v) => typeof v === "string" && v.length >= 4)
    .sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (value) => value;
  const maskText = (text: string) => secrets.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join(MASK) : out), text);
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return maskText(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return <T>(value: T) => walk(value) as T;
}
