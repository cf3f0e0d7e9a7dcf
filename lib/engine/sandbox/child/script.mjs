// Runs a javascript node's code in a fresh QuickJS runtime and context (WebAssembly): no process,
// require, network, file system or timers exist in there. Data goes in and out as JSON text.
// Limits: wall time through the interrupt handler (TIMEOUT), memory (MEMORY_LIMIT, see
// quickjs.mjs) and stack (SCRIPT_ERROR). The sandbox process's parent kills the process when a
// limit is overrun anyway (a single long built-in call), so this is the graceful path.
//
// The code is the body of an async function `(data, context)`, so `return await somePromise`
// works for promises that settle from the job queue; nothing can wait on time or I/O.
import { SandboxFailure } from "./failure.mjs";
import { discardQuickJS, heapExhausted, loadQuickJS } from "./quickjs.mjs";

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

const scriptError = (message) => new SandboxFailure("SCRIPT_ERROR", message);

/** A readable message of an error value thrown inside the VM, or undefined when it can't be read. */
function describeVmError(vm, handle) {
  try {
    const dumped = vm.dump(handle);
    if (dumped && typeof dumped === "object") {
      const { name, message } = dumped;
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

/**
 * @param {{ code: string, dataJson: string, contextJson: string, timeoutMs: number, memoryBytes: number }} request
 * @returns {Promise<string>} the result as JSON text
 */
export async function runScript(request) {
  const inputBytes = request.dataJson.length + request.contextJson.length;
  if (inputBytes > request.memoryBytes / 2) {
    throw scriptError(`the script's input (${inputBytes} bytes of JSON) is too large for its memory limit of ${request.memoryBytes} bytes`);
  }
  const instance = await loadQuickJS(request.memoryBytes);
  const runtime = instance.module.newRuntime();
  let timedOut = false;
  const deadline = Date.now() + request.timeoutMs;
  runtime.setMemoryLimit(request.memoryBytes);
  runtime.setMaxStackSize(STACK_BYTES);
  runtime.setInterruptHandler(() => (timedOut ||= Date.now() > deadline));
  const vm = runtime.newContext();

  const handles = [];
  // Set when this instance's state can't be trusted (host-side failure, memory exhausted, jobs
  // left pending): it's dropped, never disposed into (QuickJS asserts in JS_FreeRuntime then).
  let poisoned = false;
  const fail = (message) => {
    if (timedOut) {
      poisoned = true;
      return new SandboxFailure("TIMEOUT", `the script ran longer than ${request.timeoutMs} ms`);
    }
    if (message === undefined || /out of memory/i.test(message)) {
      poisoned = true;
      const exhausted = message !== undefined || heapExhausted(instance);
      return new SandboxFailure(
        "MEMORY_LIMIT",
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
    if (timedOut) throw fail(undefined); // a runaway promise chain was interrupted, even if the result had settled
    const state = vm.getPromiseState(call.value);
    if (state.type === "pending") {
      poisoned = true;
      throw scriptError("the script awaited something that never settles (there are no timers or I/O in the sandbox)");
    }
    if (state.type === "rejected") throw fail(describeVmError(vm, state.error));
    const json = vm.getString(state.value);
    state.value.dispose();
    if (runtime.hasPendingJob()) poisoned = true; // promises still queued hold objects: don't free the runtime under them
    return json;
  } catch (error) {
    if (error instanceof SandboxFailure) throw error;
    // A failure of the VM on the host side (e.g. the host's stack overflowing inside wasm frames):
    // QuickJS may be mid-operation, so don't touch this instance again.
    poisoned = true;
    const message = error instanceof Error ? error.message : String(error);
    if (timedOut) throw fail(message);
    throw scriptError(/call stack/i.test(message) ? "InternalError: stack overflow" : `the sandbox failed: ${message}`);
  } finally {
    if (poisoned) discardQuickJS(instance);
    else {
      try {
        for (const handle of handles) if (handle.alive) handle.dispose();
        vm.dispose();
        runtime.dispose();
      } catch {
        discardQuickJS(instance);
      }
    }
  }
}
