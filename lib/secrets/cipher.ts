// AES-256-GCM for secret values. The row's owner and name are authenticated data, so a
// ciphertext copied onto another row (or user) fails to decrypt instead of leaking.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

const aad = (userId: string, name: string) => Buffer.from(JSON.stringify([userId, name]));

export function encryptSecret(key: Buffer, userId: string, name: string, value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad(userId, name));
  const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

export function decryptSecret(key: Buffer, userId: string, name: string, stored: string): string {
  const [version, payload] = stored.split(":", 2);
  if (version !== VERSION || !payload) throw new Error(`secret "${name}" is stored in an unknown format`);
  const raw = Buffer.from(payload, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAAD(aad(userId, name));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
