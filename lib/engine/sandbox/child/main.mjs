// One sandbox process (forked by lib/engine/sandbox/worker.ts). Its main thread only talks to the
// server and looks after one evaluation thread (thread.mjs), which runs the user code. Plain
// JavaScript on purpose: it runs wherever the engine runs (tsx tests, `next start`, the command
// line's bundle, a Trigger.dev image) without a TypeScript loader. Nothing of the server's
// environment is passed in.
//
// Why both a process and a thread: a V8 fatal error (a heap blow-up some built-ins turn into an
// abort) ends the whole process it happens in, so user code never runs in the server's process;
// and stopping a runaway job by terminating a thread here costs milliseconds, where forking a new
// process from a large server blocks the server's event loop (measured: hundreds of ms a fork).
//
// In:  { type: "job", id, job: { kind: "javascript" | "jsonata", ... } }, { type: "cancel", id }
// Out: { type: "ready", pid } when it can take a job (at start, after a cancel or a thread's death),
//      { type: "done", id, json }, { type: "failed", id, code, message, restarting? }
import { Worker } from "node:worker_threads";
import { compileQuickJSWasm } from "./compile.mjs";

const [warmMemory, heapMb] = process.argv.slice(2).map(Number);
// Once per process, while the first thread boots; each thread gets the compiled module.
const compiling = compileQuickJSWasm();

const send = (message) => {
  if (process.connected) process.send(message);
};

let thread;
/** The job the thread is on: { id, kind } or undefined. */
let current;
let restarting = false;

function startThread() {
  const started = new Worker(new URL("./thread.mjs", import.meta.url), {
    workerData: { warmMemoryBytes: warmMemory || 64 * 1024 * 1024 },
    resourceLimits: { maxOldGenerationSizeMb: heapMb || 256 },
    stdout: true,
  });
  thread = started;
  let booted = false;
  void compiling.then((wasmModule) => started.postMessage(wasmModule), failStart);
  started.on("message", (message) => {
    if (started !== thread) return;
    if (message.type === "ready") {
      booted = true;
      restarting = false;
      send({ type: "ready", pid: process.pid });
      return;
    }
    if (!current || message.id !== current.id) return;
    current = undefined;
    send(message);
  });
  // Out of heap (ERR_WORKER_OUT_OF_MEMORY) or an uncaught error: the job fails, a new thread comes.
  started.on("error", (error) => {
    if (started !== thread) return;
    if (!booted) failStart(error); // can't load its modules: starting more threads would loop
    if (!current) return;
    const { id } = current;
    const what = current.kind === "javascript" ? "the script" : "the expression";
    current = undefined;
    const memory = error && error.code === "ERR_WORKER_OUT_OF_MEMORY";
    send({
      type: "failed",
      id,
      code: memory ? "MEMORY_LIMIT" : "SCRIPT_ERROR",
      message: memory ? `${what} ran out of memory (the sandbox's limit is ${heapMb || 256} MB)` : `${what} crashed: ${error?.message ?? error}`,
      restarting: true,
    });
  });
  started.on("exit", () => {
    if (started !== thread) return;
    if (current) {
      send({ type: "failed", id: current.id, code: "SCRIPT_ERROR", message: "the evaluation thread stopped", restarting: true });
      current = undefined;
    }
    restart();
  });
}

/** This process can't evaluate anything: say why on stderr (the server reads it) and end. */
function failStart(error) {
  process.stderr.write(`sandbox process could not start: ${error?.message ?? error}\n`);
  process.exit(1);
}

function restart() {
  if (restarting) return;
  restarting = true;
  const old = thread;
  thread = undefined;
  void (old ? old.terminate() : Promise.resolve()).finally(startThread);
}

process.on("message", (message) => {
  if (message.type === "job") {
    if (current || restarting || !thread) {
      send({ type: "failed", id: message.id, code: "SCRIPT_ERROR", message: "the sandbox process was not ready for a job" });
      return;
    }
    current = { id: message.id, kind: message.job.kind };
    thread.postMessage({ id: message.id, job: message.job });
  } else if (message.type === "cancel") {
    // The server gave up on the job (its time limit, a cancelled run): stop the thread, start afresh.
    if (current && current.id === message.id) current = undefined;
    restart();
  }
});
// The server went away (exited, crashed, closed the pool): nothing is left to do here.
process.on("disconnect", () => process.exit(0));

startThread();
