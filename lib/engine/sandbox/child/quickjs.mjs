// The QuickJS WebAssembly module of one sandbox process: the .wasm is compiled once when the
// process starts (and handed to each evaluation thread it runs); each memory limit gets an
// instance with its own capped WebAssembly.Memory.
//
// Why the capped memory: this QuickJS build has no malloc_usable_size, so the runtime's memory
// limit only counts a few bytes per allocation and checks single allocations; many medium ones
// would grow the heap to the 2 GiB wasm maximum. With the memory's `maximum` set, growth fails,
// malloc returns NULL and QuickJS throws "out of memory" inside the script. The sync variant runs
// one execution at a time from start to dispose, so the cap bounds each execution.
import variant from "@jitl/quickjs-wasmfile-release-sync";
import { newQuickJSWASMModuleFromVariant, newVariant } from "quickjs-emscripten-core";
import { compileQuickJSWasm } from "./compile.mjs";

const PAGE = 64 * 1024;
/** The build's initial heap (16 MiB) holds the runtime itself; the script's allowance comes on top. */
const BASE_BYTES = 16 * 1024 * 1024;
const WASM_MAX_PAGES = 32768;

/** @type {Promise<WebAssembly.Module> | undefined} */
let compiled;
/** @type {Map<number, Promise<{ module: import("quickjs-emscripten-core").QuickJSWASMModule, memory: WebAssembly.Memory, maxBytes: number }>>} */
const instances = new Map();

/** Uses a module compiled elsewhere (the process's main thread) instead of compiling it here. */
export function setCompiledQuickJS(wasmModule) {
  compiled = Promise.resolve(wasmModule);
}

/** Compiles the .wasm file shipped beside the variant's entry (once per process). */
export function compileQuickJS() {
  compiled ??= compileQuickJSWasm();
  return compiled;
}

/** An instance whose heap is capped at 16 MiB + `memoryBytes`, reused until discarded. */
export function loadQuickJS(memoryBytes) {
  const maximum = Math.min(WASM_MAX_PAGES, Math.ceil((BASE_BYTES + memoryBytes) / PAGE));
  let loading = instances.get(maximum);
  if (!loading) {
    loading = compileQuickJS().then(async (wasmModule) => {
      const memory = new WebAssembly.Memory({ initial: BASE_BYTES / PAGE, maximum });
      const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmModule, wasmMemory: memory }));
      return { module: quickjs, memory, maxBytes: maximum * PAGE };
    });
    loading.catch(() => {
      if (instances.get(maximum) === loading) instances.delete(maximum); // the next execution tries again
    });
    instances.set(maximum, loading);
  }
  return loading;
}

/** Forgets an instance whose state can't be trusted any more; the next execution gets a fresh one. */
export function discardQuickJS(instance) {
  for (const [key, loading] of instances) {
    void loading.then((loaded) => {
      if (loaded === instance && instances.get(key) === loading) instances.delete(key);
    });
  }
}

/** True when the instance's heap has grown to its cap (an unreadable error is then most likely "out of memory"). */
export function heapExhausted(instance) {
  return instance.memory.buffer.byteLength + PAGE > instance.maxBytes;
}
