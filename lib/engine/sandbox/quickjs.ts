/**
 * The QuickJS WebAssembly module, loaded once per process on first use (per
 * memory limit). Each script execution gets its own runtime and context.
 *
 * Why the module gets its own capped WebAssembly.Memory: this QuickJS build
 * has no malloc_usable_size, so the runtime's memory limit only counts a few
 * bytes per allocation and checks single allocations; many medium ones would
 * grow the heap to the 2 GiB wasm maximum. With the memory's `maximum` set,
 * growth fails, malloc returns NULL, and QuickJS throws "out of memory"
 * inside the script. The sync variant runs one execution at a time from start
 * to dispose, so the cap bounds each execution.
 */
import variant from "@jitl/quickjs-wasmfile-release-sync";
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from "quickjs-emscripten-core";

const PAGE = 64 * 1024;
/** The build's initial heap (16 MiB) holds the runtime itself; the script's allowance comes on top. */
const BASE_BYTES = 16 * 1024 * 1024;
const WASM_MAX_PAGES = 32768;

const modules = new Map<number, Promise<QuickJSWASMModule>>();
const memories = new WeakMap<QuickJSWASMModule, { memory: WebAssembly.Memory; maxBytes: number }>();

export function loadQuickJS(memoryBytes: number): Promise<QuickJSWASMModule> {
  const maximum = Math.min(WASM_MAX_PAGES, Math.ceil((BASE_BYTES + memoryBytes) / PAGE));
  let loading = modules.get(maximum);
  if (!loading) {
    const memory = new WebAssembly.Memory({ initial: BASE_BYTES / PAGE, maximum });
    const capped = newVariant(variant, { wasmMemory: memory });
    loading = newQuickJSWASMModuleFromVariant(capped).then(
      (module) => {
        memories.set(module, { memory, maxBytes: maximum * PAGE });
        return module;
      },
      (error: unknown) => {
        modules.delete(maximum); // let the next execution try again
        throw error;
      },
    );
    modules.set(maximum, loading);
  }
  return loading;
}

/**
 * Forgets a module whose state can't be trusted any more (a host-level error
 * escaped from inside the wasm, e.g. the host's own stack overflowing); the
 * next execution loads a fresh one.
 */
export function discardQuickJS(module: QuickJSWASMModule): void {
  for (const [key, loading] of modules) {
    void loading.then((loaded) => {
      if (loaded === module && modules.get(key) === loading) modules.delete(key);
    });
  }
}

/** True when the module's heap has grown to its cap (an unreadable error is then most likely "out of memory"). */
export function heapExhausted(module: QuickJSWASMModule): boolean {
  const entry = memories.get(module);
  return entry !== undefined && entry.memory.buffer.byteLength + PAGE > entry.maxBytes;
}
