#!/usr/bin/env node
// The flowmaestro command. Loads the TypeScript sources through tsx's loader
// (no build step: `npx flowmaestro` works right after `npm install`).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
