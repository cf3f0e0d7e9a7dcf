// Secrets are masked as written and in the encodings a server echoes them in.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createMasker, MASK } from "../../lib/engine/run/mask";

const secret = "sk-live-abcdef123456";
const mask = createMasker({ API_TOKEN: secret, SHORT: "abc" });

test("plain, base64, base64url and URL-encoded forms are masked", () => {
  const b64 = Buffer.from(secret).toString("base64");
  assert.equal(mask(`Bearer ${secret}`), `Bearer ${MASK}`);
  assert.equal(mask(b64), MASK);
  assert.equal(mask(b64.replace(/=+$/, "")), MASK);
  assert.equal(mask(Buffer.from(secret).toString("base64url")), MASK);
  assert.equal(mask(`q=${encodeURIComponent(secret + " /")}`), `q=${MASK}%20%2F`);
});

test("inside a longer base64 text (a Basic credential) at every byte alignment, nothing of the secret's own encoding is left", () => {
  for (const prefix of ["u:", "us:", "use:"]) {
    const encoded = Buffer.from(`${prefix}${secret}`).toString("base64");
    const masked = mask(encoded);
    assert.ok(masked.includes(MASK), `${prefix}: ${masked}`);
    // What is left is at most one 4-character group on each side (bytes shared with the neighbours).
    assert.ok(masked.replace(MASK, "").length <= Buffer.from(prefix).toString("base64").length + 8, masked);
  }
});

test("keys are masked too; short values are left alone (they would mask ordinary words)", () => {
  assert.deepEqual(mask({ [secret]: "abc" }), { [MASK]: "abc" });
});
