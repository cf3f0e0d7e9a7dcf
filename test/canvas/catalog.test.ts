import assert from "node:assert/strict";
import { test } from "node:test";
import { buildCatalog, resolveHandles } from "@/lib/workflows/catalog";
import { sampleHandlers } from "./sample-handlers";

const catalog = buildCatalog(sampleHandlers);
const entry = (type: string) => catalog.find((e) => e.type === type);

test("catalog lists every handler with its metadata, JSON schema and flags", () => {
  assert.equal(catalog.length, sampleHandlers.length);
  const http = entry("http");
  assert.equal(http?.label, "HTTP request");
  assert.deepEqual(http?.handles, ["source"]);
  assert.deepEqual(http?.configJsonSchema.required, ["url"]);
  assert.equal(http?.configJsonSchema.$schema, undefined);
  assert.equal(entry("trigger")?.isEntry, true);
  assert.equal(entry("http")?.isEntry, false);
  assert.equal(entry("loop")?.isContainer, true);
  assert.deepEqual(entry("javascript")?.rawFields, ["code"]);
  assert.deepEqual(entry("map")?.deferredFields, ["mapping"]);
  // Server → client props must be plain objects (React refuses null-prototype ones).
  assert.deepEqual(JSON.parse(JSON.stringify(catalog)), catalog);
  assert.equal(Object.getPrototypeOf(entry("loop")?.configJsonSchema.oneOf?.[0]), Object.prototype);
});

test("fixed handles stay static, config-driven ones are dynamic", () => {
  assert.deepEqual(entry("condition")?.handles, ["true", "false"]);
  assert.deepEqual(entry("approval")?.handles, ["approved", "rejected"]);
  assert.equal(entry("router")?.handles, "dynamic");
});

test("router handles resolve from routes plus the default route", () => {
  const router = entry("router");
  assert.deepEqual(resolveHandles(router, { routes: [{ name: "eu" }, { name: "us" }, { name: "eu" }] }), ["eu", "us", "default"]);
  assert.deepEqual(resolveHandles(router, { routes: [{ name: "a" }], defaultRoute: "other" }), ["a", "other"]);
  assert.deepEqual(resolveHandles(router, {}), ["default"]);
  assert.deepEqual(resolveHandles(entry("condition"), {}), ["true", "false"]);
  assert.deepEqual(resolveHandles(undefined, {}), ["source"]);
});
