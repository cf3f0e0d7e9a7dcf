import { additionalFiles, additionalPackages } from "@trigger.dev/build/extensions/core";
import { defineConfig } from "@trigger.dev/sdk";

// Used only when the engine runs on Trigger.dev (TRIGGER_SECRET_KEY set); the embedded runtime
// ignores this file. The project ref comes from the Trigger.dev dashboard. What each setting is
// for and the deploy steps: docs/trigger-dev.md. test/trigger/deploy-build.test.ts builds the
// tasks with the CLI's own build (as `deploy` does) and runs a javascript node from the output.

/** What the sandbox process (lib/engine/sandbox/child/*.mjs) imports: not bundled, so installed. */
const SANDBOX_PACKAGES = ["jsonata", "quickjs-emscripten-core", "@jitl/quickjs-wasmfile-release-sync"];

export default defineConfig({
  project: process.env.TRIGGER_PROJECT_REF ?? "proj_flowmaestro_unset",
  dirs: ["./trigger"],
  // Compute seconds per task run (waits don't count on the cloud). One hour: the app's own run
  // limit (FLOWMAESTRO_RUN_TIMEOUT_MS), so no node or coordinator outlives the run it belongs to.
  maxDuration: 3600,
  // 1 vCPU / 1 GB. A node run holds the task process (~200 MB with the SDK), one sandbox process
  // for javascript/JSONata (V8 heap capped at 256 MB + QuickJS's 80 MB) and up to 10 MB response
  // bodies; the coordinator holds the run's state and a wave's results. small-1x (0.5 GB) would
  // leave no room for the sandbox's caps, so a memory bomb would kill the machine instead.
  machine: "small-2x",
  retries: {
    enabledInDev: false,
    default: {
      maxAttempts: 3,
      minTimeoutInMs: 1000,
      maxTimeoutInMs: 10_000,
      factor: 2,
      randomize: true,
    },
  },
  build: {
    // PGlite loads its wasm and data files from beside its code at run time: installed in the
    // image, not bundled without them (the CLI's automatic detection misses it). postgres.js, the
    // driver the tasks use, is plain JavaScript and bundles whole (it can't be marked external
    // anyway: its require entry's nearest package.json has no name, so the CLI skips it).
    external: ["@electric-sql/pglite"],
    extensions: [
      // The sandbox process is a plain file forked at run time (lib/engine/sandbox/locate.ts finds
      // it at the same project path above the bundle); its imports, with the .wasm of QuickJS,
      // come from node_modules at the versions installed here.
      additionalFiles({ files: ["./lib/engine/sandbox/child/*.mjs"] }),
      additionalPackages({ packages: SANDBOX_PACKAGES }),
    ],
  },
});
