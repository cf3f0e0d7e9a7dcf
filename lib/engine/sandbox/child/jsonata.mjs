// A jsonata node's expression over its input (JSON text in, JSON text out). jsonata's own
// guardrails: D1012 past the time limit, D1011 past the depth limit. What they can't stop (one
// built-in call building a huge value) is stopped by the process's heap cap: V8 then aborts this
// process, never the server's (see lib/engine/sandbox/pool.ts).
import jsonata from "jsonata";
import { SandboxFailure } from "./failure.mjs";

/** jsonata throws plain objects `{ code, message, position, token }`. */
function describe(error) {
  if (error && typeof error === "object") {
    const { message, code, position } = error;
    const text = typeof message === "string" ? message : String(error);
    const where = typeof position === "number" && position > 0 ? ` (at character ${position})` : "";
    return { message: `${text}${where}`, code: typeof code === "string" ? code : undefined };
  }
  return { message: String(error) };
}

/** V8's catchable size errors ("Invalid string length", "Invalid array length"), not stack overflows. */
const tooLarge = (error) => error instanceof RangeError && /invalid (string|array|typed array) length|allocation failed/i.test(error.message);

/**
 * @param {{ expression: string, inputJson: string, timeoutMs: number }} request
 * @returns {Promise<string>} the result as JSON text; sequences and functions become plain JSON
 */
export async function evaluateJsonata({ expression, inputJson, timeoutMs }) {
  const options = { timeout: timeoutMs, stack: 500 };
  let compiled;
  try {
    compiled = jsonata(expression, options);
  } catch (error) {
    throw new SandboxFailure("SCRIPT_ERROR", `invalid expression: ${describe(error).message}`);
  }
  let result;
  try {
    result = await compiled.evaluate(JSON.parse(inputJson));
  } catch (error) {
    const { message, code } = describe(error);
    if (code === "D1012") throw new SandboxFailure("TIMEOUT", `the expression ran longer than ${timeoutMs} ms`);
    if (tooLarge(error)) throw new SandboxFailure("MEMORY_LIMIT", `the expression built a value too large: ${error.message}`);
    throw new SandboxFailure("SCRIPT_ERROR", message);
  }
  try {
    const json = result === undefined ? "null" : JSON.stringify(result);
    return json === undefined ? "null" : json;
  } catch (error) {
    if (tooLarge(error)) throw new SandboxFailure("MEMORY_LIMIT", `the result is too large: ${error.message}`);
    throw new SandboxFailure("SCRIPT_ERROR", `the result is not JSON-serializable: ${describe(error).message}`);
  }
}
