import type { NextConfig } from "next";

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
  // `next dev` opened at http://127.0.0.1:3000 (as the tests and the README do).
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project as its own first step (tsc --noEmit); checking again
  // inside `next build` would cost ~15 s of a 2-core CI machine for no new information.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
