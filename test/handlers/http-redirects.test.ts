// What an http node's redirect carries to the next hop, against real local servers: two plain HTTP
// origins (two ports) and an HTTPS one with a throwaway self-signed certificate.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createHttpHandler } from "../../lib/engine/handlers/http";
import { doneOutput, makeContext, rejectsWithCode, run } from "./helpers";

type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;
type Origin = { base: string; routes: Map<string, Route>; seen: string[]; close(): void };

function serve(server: http.Server | https.Server, scheme: string): Promise<Origin> {
  const origin: Origin = { base: "", routes: new Map(), seen: [], close: () => (server.closeAllConnections(), server.close()) };
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const route = new URL(req.url ?? "/", "http://x").pathname;
      origin.seen.push(route);
      const handler = origin.routes.get(route);
      if (handler) handler(req, res, Buffer.concat(chunks).toString("utf8"));
      else res.writeHead(404).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      origin.base = `${scheme}://127.0.0.1:${(server.address() as { port: number }).port}`;
      resolve(origin);
    }),
  );
}

/** The request as the server saw it: method, body and the headers a client chose (not the transport's). */
const echo: Route = (req, res, body) => {
  const headers = { ...req.headers };
  for (const transport of ["host", "connection", "content-length", "transfer-encoding"]) delete headers[transport];
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ method: req.method, body, headers }));
};

let a: Origin;
let b: Origin;
let secure: Origin;
let ca = "";
let certDir = "";

before(async () => {
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), "fm-tls-"));
  const made = spawnSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    "-keyout", path.join(certDir, "key.pem"), "-out", path.join(certDir, "cert.pem"),
  ], { encoding: "utf8" });
  assert.equal(made.status, 0, made.stderr);
  ca = fs.readFileSync(path.join(certDir, "cert.pem"), "utf8");
  a = await serve(http.createServer(), "http");
  b = await serve(http.createServer(), "http");
  secure = await serve(https.createServer({ key: fs.readFileSync(path.join(certDir, "key.pem")), cert: ca }), "https");
});

after(() => {
  for (const origin of [a, b, secure]) origin?.close();
  fs.rmSync(certDir, { recursive: true, force: true });
});

const handler = () => createHttpHandler({ resolver: async () => ["127.0.0.1"], ca });
const ctx = () => makeContext({ options: { allowPrivateHttp: true } });
const userHeaders = {
  Authorization: "Bearer t0ken",
  "X-Api-Key": "k3y",
  "Private-Token": "gl-pat",
  Cookie: "sid=1",
  "X-Trace": "abc",
  Accept: "application/json",
  "Accept-Language": "fr",
  "User-Agent": "my-agent",
};

describe("http node redirects", () => {
  it("a hop to another origin keeps only accept, accept-language and user-agent (and the body's type when the body is sent again)", async () => {
    a.routes.set("/moved", (_req, res) => res.writeHead(307, { location: `${b.base}/landed` }).end());
    b.routes.set("/landed", echo);
    const out = doneOutput(
      await run(handler(), { method: "POST", url: `${a.base}/moved`, headers: userHeaders, body: { n: 1 } }, ctx()),
    ) as { data: { method: string; body: string; headers: Record<string, string> } };
    assert.equal(out.data.method, "POST");
    assert.equal(out.data.body, '{"n":1}');
    assert.deepEqual(out.data.headers, { accept: "application/json", "accept-language": "fr", "user-agent": "my-agent", "content-type": "application/json" });
  });

  it("a 303 to another origin drops the body and its headers too", async () => {
    a.routes.set("/see-other", (_req, res) => res.writeHead(303, { location: `${b.base}/landed` }).end());
    const out = doneOutput(
      await run(handler(), { method: "POST", url: `${a.base}/see-other`, headers: { ...userHeaders, "Content-Type": "application/json" }, body: { n: 1 } }, ctx()),
    ) as { data: { method: string; body: string; headers: Record<string, string> } };
    assert.equal(out.data.method, "GET");
    assert.equal(out.data.body, "");
    assert.deepEqual(out.data.headers, { accept: "application/json", "accept-language": "fr", "user-agent": "my-agent" });
  });

  it("a hop on the same origin keeps every header", async () => {
    a.routes.set("/here", (_req, res) => res.writeHead(302, { location: "/echo" }).end());
    a.routes.set("/echo", echo);
    const out = doneOutput(await run(handler(), { method: "GET", url: `${a.base}/here`, headers: userHeaders }, ctx())) as { data: { headers: Record<string, string> } };
    const lower = Object.fromEntries(Object.entries(userHeaders).map(([k, v]) => [k.toLowerCase(), v]));
    // The Idempotency-Key the node adds (runId:instance:attempt) goes along with the user's headers.
    assert.deepEqual(out.data.headers, { ...lower, "idempotency-key": "run_test:n1:1" });
  });

  it("refuses https → http, naming the hop, without reaching the http server", async () => {
    secure.routes.set("/down", (_req, res) => res.writeHead(302, { location: `${b.base}/landed?token=s3cret` }).end());
    const before = b.seen.length;
    const error = await rejectsWithCode(run(handler(), { method: "GET", url: `${secure.base}/down`, headers: userHeaders }, ctx()), "NETWORK");
    assert.equal((error as unknown as { retryable: boolean }).retryable, false);
    assert.equal(
      error.message,
      `redirect 1 from ${secure.base}/down to ${b.base}/landed leaves HTTPS for plain HTTP; not followed (set allowInsecureRedirects: true on the node to allow it)`,
    );
    assert.equal(b.seen.length, before, "the http server must not have been reached");
  });

  it("follows https → http when the node allows it, still as another origin", async () => {
    secure.routes.set("/down", (_req, res) => res.writeHead(302, { location: `${b.base}/landed` }).end());
    secure.routes.set("/echo", echo);
    const direct = doneOutput(await run(handler(), { method: "GET", url: `${secure.base}/echo`, headers: { "X-Api-Key": "k3y" } }, ctx())) as { data: { headers: Record<string, string> } };
    assert.equal(direct.data.headers["x-api-key"], "k3y", "the HTTPS server itself gets the headers");
    const out = doneOutput(
      await run(handler(), { method: "GET", url: `${secure.base}/down`, headers: userHeaders, allowInsecureRedirects: true }, ctx()),
    ) as { data: { headers: Record<string, string> } };
    assert.deepEqual(out.data.headers, { accept: "application/json", "accept-language": "fr", "user-agent": "my-agent" });
  });
});
