// Runs once when the server starts, before it handles requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` may load this file too; it must not create a data dir or open a database.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { ensureAuthEnv } = await import("./lib/auth/secret");
  ensureAuthEnv();
  // Opening the database applies pending migrations, so the first request finds the schema ready.
  const { getDb } = await import("./lib/db/client");
  await getDb();
  // Runs left running by a crash continue; due waitpoints expire; schedules fire (lib/runs/worker.ts).
  await (await import("./lib/runs/worker")).startRunWorker();
}
