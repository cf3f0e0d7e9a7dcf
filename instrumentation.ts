// Runs once when the server starts, before it handles requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` may load this file too; it must not create a data dir or open a database.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    await start();
  } catch (error) {
    // Thrown here, Next would keep the process up answering 500 to every request, health included.
    console.error(`FlowMaestro can't start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

async function start() {
  // Sign-in limits count per client address: stamp each request's TCP peer (lib/auth/client-address.ts).
  const { installPeerAddressHeader, parseTrustedProxies } = await import("./lib/auth/client-address");
  parseTrustedProxies(process.env.FLOWMAESTRO_TRUSTED_PROXIES); // a typo fails the start, not every sign-in
  installPeerAddressHeader();
  const { ensureAuthEnv } = await import("./lib/auth/secret");
  ensureAuthEnv();
  // Trigger.dev's tasks write into the app's PostgreSQL: on PGlite every run would abort.
  const { triggerConfigProblem } = await import("./lib/runs/trigger/start");
  const triggerProblem = triggerConfigProblem();
  if (triggerProblem) throw new Error(triggerProblem);
  // Opening the database applies pending migrations, so the first request finds the schema ready.
  // A store that can't be opened ends the process with the reason (lib/db/startup.ts).
  const { openStoreOrExit } = await import("./lib/db/startup");
  await openStoreOrExit();
  // Runs tell approvers about waitpoints through lib/approvals (lib/wiring.ts).
  (await import("./lib/wiring")).wireRuns();
  // Runs left running by a crash continue; due waitpoints expire; schedules fire (lib/runs/worker.ts).
  await (await import("./lib/runs/worker")).startRunWorker();
}
