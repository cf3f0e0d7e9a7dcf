import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { readJsonBody } from "../../lib/http/json";

const post = (body: string) => new Request("http://test.invalid/api", { method: "POST", body });
const schema = z.object({ name: z.string().min(1, { error: "Enter a name" }) });

test("a JSON body is parsed and validated", async () => {
  const result = await readJsonBody(post('{"name":"ok"}'), schema);
  assert.deepEqual(result, { ok: true, data: { name: "ok" } });
});

for (const [label, body, pattern] of [
  ["not JSON", "name=oops", /not valid JSON/],
  ["truncated JSON", '{"name": ', /not valid JSON/],
  ["empty", "", /empty/],
] as const) {
  test(`a body that is ${label} is a 400 with a message`, async () => {
    const result = await readJsonBody(post(body), schema);
    assert.ok(!result.ok);
    assert.equal(result.response.status, 400);
    const payload = await result.response.json();
    assert.match(payload.error, pattern);
  });
}

test("a body of the wrong shape is a 400 naming each problem's path", async () => {
  const result = await readJsonBody(post('{"name":""}'), schema);
  assert.ok(!result.ok);
  assert.equal(result.response.status, 400);
  assert.deepEqual(await result.response.json(), {
    error: "name: Enter a name",
    issues: [{ path: "name", message: "Enter a name" }],
  });
});

test("a body over the size limit is a 413", async () => {
  const result = await readJsonBody(post(JSON.stringify({ name: "x".repeat(1_000_001) })), schema);
  assert.ok(!result.ok);
  assert.equal(result.response.status, 413);
});
