import crypto from "node:crypto";

/** "<prefix>_<22 url-safe random chars>" (128 bits). */
export function newId(prefix: "run" | "wp" | "ver"): string {
  return `${prefix}_${crypto.randomBytes(16).toString("base64url")}`;
}
