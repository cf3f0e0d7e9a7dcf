// Settings of the embedded runtime, read from the environment (never from workflow data).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { HandlerOptions } from "@/lib/engine";
import { parsePriceOverrides, type ModelPrice } from "@/lib/engine/llm/prices";
import { MAX_TIMER_MS } from "@/lib/engine/timers";
import { sqlHost } from "@/lib/integrations/sql-host";

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

export interface RuntimeSettings {
  /** A run still going after this long (since it started) fails: FLOWMAESTRO_RUN_TIMEOUT_MS, default 1 h, at most ~24.8 days (one Node timer). */
  runTimeoutMs: number;
  /** How long a run's lease lasts without renewal: FLOWMAESTRO_RUN_LEASE_MS, default 30 s. */
  leaseMs: number;
  /** How often due waitpoints are expired and orphaned runs recovered: FLOWMAESTRO_SWEEP_MS, default 5 s. */
  sweepMs: number;
  handler: Partial<HandlerOptions>;
}

export function runtimeSettings(env: NodeJS.ProcessEnv = process.env): RuntimeSettings {
  return {
    // Longer than a Node timer holds, the limit timer would fire at once and fail every run.
    runTimeoutMs: Math.min(positive(env.FLOWMAESTRO_RUN_TIMEOUT_MS, 60 * 60 * 1000), MAX_TIMER_MS),
    leaseMs: positive(env.FLOWMAESTRO_RUN_LEASE_MS, 30_000),
    sweepMs: positive(env.FLOWMAESTRO_SWEEP_MS, 5_000),
    handler: { allowPrivateHttp: env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP === "1", llmPrices: llmPricesFrom(env.FLOWMAESTRO_LLM_PRICES), sql: sqlHost },
  };
}

let reportedPrices: string | undefined;

/**
 * FLOWMAESTRO_LLM_PRICES (the CLI reads the same variable). A bad value must not stop every run:
 * it is reported once in the server log (variable, path, reason) and the built-in table applies.
 */
function llmPricesFrom(text: string | undefined): Record<string, ModelPrice> | undefined {
  try {
    return parsePriceOverrides(text);
  } catch (error) {
    if (reportedPrices !== text) console.error(`[runs] ${(error as Error).message}; using the built-in prices`);
    reportedPrices = text;
    return undefined;
  }
}

const PROCESS_KEY = Symbol.for("flowmaestro.runs.processId");

/** This process's name in leases (one per process, kept across Next's module reloads). */
export function processId(): string {
  const g = globalThis as Record<symbol, string | undefined>;
  return (g[PROCESS_KEY] ??= `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`);
}

/** A lease owner for one execution of one run in this process. */
export function executionOwner(): string {
  return `${processId()}:${randomBytes(4).toString("hex")}`;
}
