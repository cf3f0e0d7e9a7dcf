/**
 * Runs a javascript node's code in a fresh QuickJS runtime (WebAssembly): no
 * process, require, network, file system or timers exist in there. Data goes
 * in and out as JSON text. Limits: wall time through the interrupt handler
 * (TIMEOUT), memory (see quickjs.ts) and stack (SCRIPT_ERROR).
 *
 * The code is the body of an async function `(data, context)`, so
 * `return await somePromise` works for promises that settle from the job
 * queue; nothing can wait on time or I/O since neither exists inside.
 * Execution is synchronous on the host thread for at most the time limit.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from "quickjs-emscripten-core";
import { ErrorCode, NodeError } from "../errors";
import { discardQuickJS, heapExhausted, loadQuickJS } from "./quickjs";

export interface ScriptRequest {
  code: string;
  /** JSON text of `data`. */
  dataJson: string;
  /** JSON text of `context` (deep-frozen inside). */
  contextJson: string;
  timeoutMs: number;
  memoryBytes: number;
}

// QuickJS's own stack check must trip before the host's native stack runs out under the wasm frames.
const STACK_BYTES = 256 * 1024;

// Evaluated in each fresh context; returns the function the host calls with (code, dataJson, contextJson).
const BOOTSTRAP = `(function () {
  "use strict";
  const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
  const freeze = (value) => {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const key of Object.keys(value)) freeze(value[key]);
    }
    return value;
  };
  const noop = () => {};
  globalThis.console = Object.freeze({ log: noop, info: noop, warn: noop, error: noop, debug: noop });
  return function run(code, dataJson, contextJson) {
    const fn = new AsyncFunction("data", "context", code);
    const data = JSON.parse(dataJson);
    const context = freeze(JSON.parse(contextJson));
    return fn.call(undefined, data, context).then((result) => {
      let json;
      try {
        json = JSON.stringify(result === undefined ? null : result);
      } catch (error) {
        throw new TypeError("the result is not JSON-serializable: " + (error && error.message));
      }
      return json === undefined ? "null" : json;
    });
  };
})()`;

function scriptError(message: string): NodeError {
  return new NodeError(message, ErrorCode.SCRIPT_ERROR, { retryable: false });
}

/** A readable message of an error value thrown inside the VM, or undefined when it can't be read. */
function describeVmError(vm: QuickJSContext, handle: QuickJSHandle): string | undefined {
  try {
    const dumped = vm.dump(handle) as unknown;
    if (dumped && typeof dumped === "object") {
      const { name, message } = dumped as { name?: unknown; message?: unknown };
      if (typeof message === "string") return typeof name === "string" && name !== "Error" ? `${name}: ${message}` : message;
    }
    // QuickJS leaves an empty exception when it runs out of memory while throwing.
    if (dumped === undefined || dumped === null || dumped === "") return undefined;
    return typeof dumped === "string" ? dumped : `thrown: ${JSON.stringify(dumped) ?? String(dumped)}`;
  } catch {
    return undefined;
  } finally {
    if (handle.alive) handle.dispose();
  }
}


export async function runScript(request: ScriptRequest): Promise<unknown> {
  const inputBytes = request.dataJson.length + request.contextJson.length;
  if (inputBytes > request.memoryBytes / 2) {
    throw scriptError(`the script's input (${inputBytes} bytes of JSON) is too large for its memory limit of ${request.memoryBytes} bytes`);
  }
  const quickjs: QuickJSWASMModule = await loadQuickJS(request.memoryBytes);
  const runtime = quickjs.newRuntime();
  let timedOut = false;
  const deadline = Date.now() + request.timeoutMs;
  runtime.setMemoryLimit(request.memoryBytes);
  runtime.setMaxStackSize(STACK_BYTES);
  runtime.setInterruptHandler(() => (timedOut ||= Date.now() > deadline));
  const vm = runtime.newContext();

  const handles: QuickJSHandle[] = [];
  // Set when this module's state can't be trusted (host-side failure, memory exhausted): it's dropped, not disposed into.
  let poisoned = false;
  const fail = (message: string | undefined): NodeError => {
    if (timedOut) return new NodeError(`the script ran longer than ${request.timeoutMs} ms`, ErrorCode.TIMEOUT);
    if (message === undefined || /out of memory/i.test(message)) {
      poisoned = true;
      const exhausted = message !== undefined || heapExhausted(quickjs);
      return scriptError(
        exhausted
          ? `the script ran out of memory (limit ${request.memoryBytes} bytes)`
          : `the script failed without a readable error, most likely out of memory (limit ${request.memoryBytes} bytes)`,
      );
    }
    return scriptError(message);
  };

  try {
    const boot = vm.evalCode(BOOTSTRAP, "bootstrap.js");
    if (boot.error) throw fail(describeVmError(vm, boot.error));
    handles.push(boot.value);
    const args = [vm.newString(request.code), vm.newString(request.dataJson), vm.newString(request.contextJson)];
    handles.push(...args);
    const call = vm.callFunction(boot.value, vm.undefined, ...args);
    if (call.error) throw fail(describeVmError(vm, call.error));
    handles.push(call.value);

    const jobs = runtime.executePendingJobs(-1);
    if (jobs.error) throw fail(describeVmError(vm, jobs.error));
    const state = vm.getPromiseState(call.value);
    if (state.type === "pending") {
      throw scriptError("the script awaited something that never settles (there are no timers or I/O in the sandbox)");
    }
    if (state.type === "rejected") throw fail(describeVmError(vm, state.error));
    const json = vm.getString(state.value);
    state.value.dispose();
    return JSON.parse(json);
  } catch (error) {
    if (error instanceof NodeError) throw error;
    // A failure of the VM on the host side (e.g. the host's stack overflowing inside wasm frames):
    // QuickJS may be mid-operation, so don't touch this module again.
    poisoned = true;
    const message = error instanceof Error ? error.message : String(error);
    if (timedOut) throw fail(message);
    throw scriptError(/call stack/i.test(message) ? "InternalError: stack overflow" : `the sandbox failed: ${message}`);
  } finally {
    if (poisoned) discardQuickJS(quickjs);
    else {
      try {
        for (const handle of handles) if (handle.alive) handle.dispose();
        vm.dispose();
        runtime.dispose();
      } catch {
        discardQuickJS(quickjs);
      }
    }
  }
}

