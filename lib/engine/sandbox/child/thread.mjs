// The evaluation thread of a sandbox process (see main.mjs): runs one javascript or jsonata job at
// a time. A thread, so the process can stop a runaway job by terminating it and start a fresh one
// in milliseconds, without the server forking a new process (costly from a large server).
import { parentPort, workerData } from "node:worker_threads";
import { SandboxFailure } from "./failure.mjs";
import { evaluateJsonata } from "./jsonata.mjs";
import { loadQuickJS, setCompiledQuickJS } from "./quickjs.mjs";
import { runScript } from "./script.mjs";

// Everything loads before the thread says ready: a job's time limit starts when it is sent, so
// a module loaded on first use would eat into the first job's time.
async function evaluate(job) {
  if (job.kind === "javascript") return runScript(job);
  if (job.kind === "jsonata") return evaluateJsonata(job);
  throw new SandboxFailure("SCRIPT_ERROR", `unknown sandbox job kind: ${String(job.kind)}`);
}

// The process compiles the .wasm while this thread boots, then hands it over (first message).
const wasmModule = await new Promise((resolve) => parentPort.once("message", resolve));
setCompiledQuickJS(wasmModule);

parentPort.on("message", async ({ id, job }) => {
  try {
    parentPort.postMessage({ type: "done", id, json: await evaluate(job) });
  } catch (error) {
    const failure = error instanceof SandboxFailure ? error : new SandboxFailure("SCRIPT_ERROR", `the sandbox failed: ${error instanceof Error ? error.message : String(error)}`);
    parentPort.postMessage({ type: "failed", id, code: failure.code, message: failure.message });
  }
});

// Before saying ready: an instance at the usual limit, and one tiny script through it (the wasm is
// compiled lazily, function by function: the first script would otherwise pay for it).
await loadQuickJS(workerData.warmMemoryBytes);
await runScript({ code: "return [data, context]", dataJson: "1", contextJson: "{}", timeoutMs: 60_000, memoryBytes: workerData.warmMemoryBytes });
parentPort.postMessage({ type: "ready" });
