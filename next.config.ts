import type { NextConfig } from "next";
import { API_SECURITY_HEADERS } from "./lib/http/security-headers";

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // Packages with native binaries or wasm/data files: loaded from node_modules at run time.
  // Without this, PGlite's 15 MB of wasm/data would be copied into .next/static and served publicly.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "postgres",
    "@jitl/quickjs-wasmfile-release-sync",
    "quickjs-emscripten-core",
    "nodemailer",
  ],
  // The sandbox process (javascript/JSONata nodes) is a plain file forked at run time, not part of
  // any bundle: traced deployments (standalone output) must carry it and what it imports.
  outputFileTracingIncludes: {
    "/**": [
      "./lib/engine/sandbox/child/*.mjs",
      "./node_modules/jsonata/**",
      "./node_modules/quickjs-emscripten-core/**",
      "./node_modules/@jitl/quickjs-ffi-types/**",
      "./node_modules/@jitl/quickjs-wasmfile-release-sync/**",
    ],
  },
  // `next dev` opened at http://127.0.0.1:3000 (as the tests and the README do).
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project as its own first step (tsc --noEmit); checking again
  // inside `next build` would cost ~15 s of a 2-core CI machine for no new information.
  typescript: { ignoreBuildErrors: true },
  // Pages get theirs (a per-request nonce CSP) from proxy.ts. Here: API answers, and nosniff on
  // everything the proxy does not see (static files). A header set here wins over a route's own.
  async headers() {
    return [
      { source: "/:path*", headers: [{ key: "x-content-type-options", value: "nosniff" }] },
      { source: "/api/:path*", headers: asList(API_SECURITY_HEADERS) },
      // The approval form's POST answers JSON and is kept out of the proxy (see proxy.ts).
      { source: "/approve/:token/decide", headers: asList(API_SECURITY_HEADERS) },
    ];
  },
};

export default nextConfig;
