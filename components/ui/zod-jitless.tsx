"use client";
// zod compiles object schemas with `new Function` when it may; its first parse probes that, and
// in the browser the probe is a CSP violation (no 'unsafe-eval', lib/http/security-headers.ts).
// Parsing without code generation is the same result. Rendered once, in the root layout.
import { z } from "zod";

z.config({ jitless: true });

export function ZodJitless() {
  return null;
}
