/** Handler switches the command line takes from the process environment (never workflow data). */
import type { HandlerOptions } from "../engine";

export function handlerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<HandlerOptions> {
  return { allowPrivateHttp: env.FLOWMAESTRO_ALLOW_PRIVATE_HTTP === "1" };
}
