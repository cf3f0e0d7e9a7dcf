#!/usr/bin/env node
// The flowmaestro command. No build step is ever needed: the TypeScript sources run as they are.
// For start-up time (tsx compiles ~90 files on every start), lib/cli/main.ts is bundled once by
// esbuild into node_modules/.cache/flowmaestro-cli/ and that bundle runs while it is current.
// "Current" = the sha256 of every source file it was built from still matches (checked at each
// start, ~5 ms), so an edited source is never run stale: it triggers a rebuild. Dynamic imports
// stay lazy (code splitting): the database drivers, the AI SDK, jsonata and QuickJS load only
// when a run needs them. When esbuild is missing, the cache is not writable or bundling fails,
// the sources run through tsx's loader as before. FLOWMAESTRO_CLI_BUNDLE=0 forces tsx.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = join(root, "node_modules", ".cache", "flowmaestro-cli");
const manifestFile = join(cacheDir, "manifest.json");
// Part of every hash: a change to how the bundle is made invalidates old bundles.
const RECIPE = "v2 esm node20 splitting packages=external except ajv";
// Bundled in, not loaded from node_modules: ajv is ~60 CommonJS files that every run loads (inputs are
// checked against JSON Schema) and resolving them one by one took ~25 ms of a ~300 ms start (issue 18).
// Their package.json files are hashed with the sources, so an upgrade rebuilds the bundle.
const BUNDLED_PACKAGES = ["ajv", "fast-deep-equal", "fast-uri", "json-schema-traverse", "require-from-string"];
const bundledPackage = (specifier) => BUNDLED_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`));

function hashOf(files) {
  const hash = createHash("sha256").update(RECIPE).update(process.version);
  for (const file of files) hash.update(file).update("\0").update(readFileSync(join(root, file))).update("\0");
  return hash.digest("hex");
}

/** The entry of the current bundle, or undefined (none yet, or a source changed since). */
function currentBundle() {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    if (hashOf(manifest.inputs) !== manifest.hash) return undefined;
    const entry = join(cacheDir, manifest.hash, "main.mjs");
    statSync(entry);
    return entry;
  } catch {
    return undefined;
  }
}

const LOADERS = { ts: "ts", mts: "ts", cts: "ts", tsx: "tsx", jsx: "jsx", json: "json" };

async function buildBundle() {
  const { build } = await import("esbuild");
  const contents = new Map(); // exactly what was bundled, hashed afterwards
  const work = join(cacheDir, `tmp-${process.pid}-${Date.now()}`);
  await build({
    entryPoints: { main: join(root, "lib/cli/main.ts") },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",

    outdir: work,
    outExtension: { ".js": ".mjs" },
    tsconfig: join(root, "tsconfig.json"),
    logLevel: "silent",
    plugins: [
      {
        name: "external-packages",
        setup(b) {
          // Bare specifiers stay imports, except the bundled packages; "@/..." is the tsconfig alias.
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@/") || bundledPackage(args.path) ? undefined : { path: args.path, external: true }));
        },
      },
      {
        name: "hash-sources",
        setup(b) {
          b.onLoad({ filter: /\.(?:[cm]?[jt]sx?|json)$/ }, (args) => {
            if (args.path.includes("/node_modules/")) return undefined;
            const text = readFileSync(args.path);
            contents.set(relative(root, args.path), text);
            return { contents: text, loader: LOADERS[args.path.split(".").pop()] ?? "js" };
          });
        },
      },
    ],
  });
  contents.set("tsconfig.json", readFileSync(join(root, "tsconfig.json"))); // path aliases shape the bundle too
  for (const name of BUNDLED_PACKAGES) {
    const manifest = join("node_modules", name, "package.json");
    try {
      contents.set(manifest, readFileSync(join(root, manifest)));
    } catch {
      // not installed (an optional dependency of another version): nothing of it was bundled
    }
  }
  const inputs = [...contents.keys()].sort();
  const hash = createHash("sha256").update(RECIPE).update(process.version);
  for (const file of inputs) hash.update(file).update("\0").update(contents.get(file)).update("\0");
  const digest = hash.digest("hex");
  const final = join(cacheDir, digest);
  try {
    renameSync(work, final);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another process built the same sources first
  }
  // Written last and atomically: a manifest never names a bundle that is not complete.
  const tmp = `${manifestFile}.${process.pid}`;
  writeFileSync(tmp, JSON.stringify({ hash: digest, inputs }));
  renameSync(tmp, manifestFile);
  pruneOld(digest);
  return join(final, "main.mjs");
}

/** Keeps the newest few bundles (a process started just before a rebuild may still load lazy chunks of the old one). */
function pruneOld(keep) {
  const dirs = readdirSync(cacheDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== keep)
    .map((d) => ({ name: d.name, path: join(cacheDir, d.name), mtime: statSync(join(cacheDir, d.name)).mtimeMs }))
    // Another process may be building in its tmp- folder right now: leave recent ones alone.
    .filter((d) => !d.name.startsWith("tmp-") || Date.now() - d.mtime > 10 * 60_000)
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of dirs.slice(2)) rmSync(old.path, { recursive: true, force: true });
}

async function loadMain() {
  if (process.env.FLOWMAESTRO_CLI_BUNDLE !== "0") {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const entry = currentBundle() ?? (await buildBundle());
      return (await import(pathToFileURL(entry).href)).main;
    } catch {
      // fall through to the sources
    }
  }
  const { register } = await import("tsx/esm/api");
  register();
  return (await import("../lib/cli/main.ts")).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
