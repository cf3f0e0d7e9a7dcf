// Compiles QuickJS's .wasm (shipped beside the variant's entry) once per sandbox process, on its
// main thread, without loading the QuickJS libraries there: the evaluation threads instantiate it.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export async function compileQuickJSWasm() {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve("@jitl/quickjs-wasmfile-release-sync")), "emscripten-module.wasm");
  return WebAssembly.compile(await readFile(file));
}
