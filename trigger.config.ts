import { defineConfig } from "@trigger.dev/sdk";

// Used only when the engine runs on Trigger.dev (TRIGGER_SECRET_KEY set); the embedded
// runtime ignores this file. The project ref comes from the Trigger.dev dashboard.
export default defineConfig({
  project: process.env.TRIGGER_PROJECT_REF ?? "proj_flowmaestro_unset",
  dirs: ["./trigger"],
  // A single task run (one node, or one wave coordinator) may take up to an hour.
  maxDuration: 3600,
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
});
