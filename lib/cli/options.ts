/** Handler switches the command line takes from the process environment (never workflow data). */
import type { HandlerOptions } from "../engine";
import { parsePriceOverrides } from "../engine/llm/prices";
import { sqlHost } from "../integrations/sql-host";

export function handlerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<HandlerOptions> {
  return { allowPrivateHttp: env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP === "1", llmPrices: parsePriceOverrides(env.FLOWMAESTRO_LLM_PRICES), sql: sqlHost };
}
