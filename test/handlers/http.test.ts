import assert from "node:assert/strict";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { after, before, describe, it } from "node:test";
import zlib from "node:zlib";
import { NodeError } from "../../lib/engine/errors";
import { createHttpHandler, httpHandler } from "../../lib/engine/handlers/http";
import { sendWithRedirects } from "../../lib/engine/net/http-client";
import { guardUrl } from "../../lib/engine/net/ssrf";
import { doneOutput, makeContext, rejectsWithCode, run } from "./helpers";

type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const routes = new Map<string, Route>();
const seen: string[] = [];
let server: http.Server;
let base = "";

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      seen.push(`${req.method} ${path}`);
      const route = routes.get(path);
      if (!route) {
        res.writeHead(404, { "content-type": "text/plain" }).end("no such route");
        return;
      }
      route(req, res, Buffer.concat(chunks).toString("utf8"));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

const allow = { options: { allowPrivateHttp: true } };
const json = (res: ServerResponse, status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));

describe("http handler against a loopback server (private addresses allowed)", () => {
  it("sends Idempotency-Key <runId>:<instance>:<attempt>, unless switched off or set by the node", async () => {
    routes.set("/key", (req, res) => json(res, 200, { key: req.headers["idempotency-key"] ?? null }));
    const ctx = { ...makeContext({ ...allow, attempt: 2 }), runId: "run_abc", instance: "loop1[3]/send" };
    const keyOf = async (config: Record<string, unknown>) => (doneOutput(await run(httpHandler, { method: "POST", url: `${base}/key`, ...config }, ctx)) as { data: { key: unknown } }).data.key;
    assert.equal(await keyOf({}), "run_abc:loop1[3]/send:2");
    assert.equal(await keyOf({ idempotencyKey: false }), null);
    assert.equal(await keyOf({ headers: { "Idempotency-Key": "mine" } }), "mine");
  });

  it("sends method, headers and query; parses a JSON response", async () => {
    routes.set("/echo", (req, res, body) =>
      json(res, 200, { method: req.method, url: req.url, token: req.headers["x-token"], type: req.headers["content-type"] ?? null, body }),
    );
    const out = doneOutput(
      await httpHandler.execute(
        { method: "POST", url: `${base}/echo`, headers: { "X-Token": "abc" }, query: { q: "a b", n: 2, tag: ["x", "y"], skip: null }, body: { hello: "world" } },
        makeContext(allow),
      ),
    ) as { status: number; headers: Record<string, string>; data: Record<string, unknown> };
    assert.equal(out.status, 200);
    assert.equal(out.headers["content-type"], "application/json");
    assert.deepEqual(out.data, {
      method: "POST",
      url: "/echo?q=a+b&n=2&tag=x&tag=y",
      token: "abc",
      type: "application/json",
      body: '{"hello":"world"}',
    });
  });

  it("sends a string body as text and returns a text response as a string", async () => {
    routes.set("/text", (req, res, body) => res.writeHead(200, { "content-type": "text/plain" }).end(`got ${req.headers["content-type"]}: ${body}`));
    const out = doneOutput(await run(httpHandler, { method: "put", url: `${base}/text`, body: "plain" }, makeContext(allow))) as { data: unknown };
    assert.equal(out.data, "got text/plain; charset=utf-8: plain");
  });

  it("fails non-2xx with HTTP_<status>; 404 isn't retryable, 503 is", async () => {
    routes.set("/unavailable", (_req, res) => res.writeHead(503).end("down"));
    const notFound = await rejectsWithCode(httpHandler.execute({ method: "GET", url: `${base}/missing` }, makeContext(allow)), "HTTP_404");
    assert.equal((notFound as unknown as NodeError).retryable, false);
    assert.match(notFound.message, /404.*no such route/);
    const down = await rejectsWithCode(httpHandler.execute({ method: "GET", url: `${base}/unavailable` }, makeContext(allow)), "HTTP_503");
    assert.equal((down as unknown as NodeError).retryable, true);
  });

  it("follows redirects (303 turns POST into GET) and stops after 5", async () => {
    routes.set("/go", (_req, res) => res.writeHead(303, { location: "/landed" }).end());
    routes.set("/landed", (req, res, body) => json(res, 200, { method: req.method, body }));
    const out = doneOutput(await httpHandler.execute({ method: "POST", url: `${base}/go`, body: { a: 1 } }, makeContext(allow))) as { data: unknown };
    assert.deepEqual(out.data, { method: "GET", body: "" });

    for (let i = 0; i < 6; i++) routes.set(`/r${i}`, (_req, res) => res.writeHead(302, { location: `/r${i + 1}` }).end());
    routes.set("/r6", (_req, res) => json(res, 200, { ok: true }));
    const fiveHops = doneOutput(await httpHandler.execute({ method: "GET", url: `${base}/r1` }, makeContext(allow))) as { data: unknown };
    assert.deepEqual(fiveHops.data, { ok: true });
    await rejectsWithCode(httpHandler.execute({ method: "GET", url: `${base}/r0` }, makeContext(allow)), "TOO_MANY_REDIRECTS");
  });

  it("refuses a body over the size cap, declared, streamed or compressed", async () => {
    routes.set("/big", (_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(5000)));
    routes.set("/stream", (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      for (let i = 0; i < 50; i++) res.write("y".repeat(100));
      res.end();
    });
    const bomb = zlib.gzipSync(Buffer.alloc(1_000_000));
    routes.set("/bomb", (_req, res) => res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" }).end(bomb));
    const ctx = () => makeContext({ options: { allowPrivateHttp: true, httpMaxResponseBytes: 1000 } });
    for (const path of ["/big", "/stream", "/bomb"]) {
      const error = await rejectsWithCode(httpHandler.execute({ method: "GET", url: `${base}${path}` }, ctx()), "RESPONSE_TOO_LARGE");
      assert.match(error.message, /1000 bytes/);
    }
    routes.set("/small-gzip", (_req, res) =>
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(zlib.gzipSync('{"z":1}')),
    );
    const out = doneOutput(await httpHandler.execute({ method: "GET", url: `${base}/small-gzip` }, ctx())) as { data: unknown };
    assert.deepEqual(out.data, { z: 1 });
  });

  it("times out with TIMEOUT (config timeoutMs) while the server hangs", async () => {
    routes.set("/hang", () => {});
    const error = await rejectsWithCode(httpHandler.execute({ method: "GET", url: `${base}/hang`, timeoutMs: 50 }, makeContext(allow)), "TIMEOUT");
    assert.equal((error as unknown as NodeError).retryable, true);
  });

  it("honours ctx.signal: CANCELLED, or the scheduler's own NodeError reason", async () => {
    const cancel = new AbortController();
    routes.set("/cancel", () => cancel.abort());
    await rejectsWithCode(httpHandler.execute({ method: "GET", url: `${base}/cancel` }, makeContext({ ...allow, signal: cancel.signal })), "CANCELLED");
    const timeout = new AbortController();
    routes.set("/node-timeout", () => timeout.abort(new NodeError("node timed out", "TIMEOUT")));
    const error = await rejectsWithCode(
      httpHandler.execute({ method: "GET", url: `${base}/node-timeout` }, makeContext({ ...allow, signal: timeout.signal })),
      "TIMEOUT",
    );
    assert.equal(error.message, "node timed out");
  });

  it("reports a refused connection as NETWORK (retryable)", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejectsWithCode(httpHandler.execute({ method: "GET", url: `http://127.0.0.1:${port}/` }, makeContext(allow)), "NETWORK");
    assert.match(error.message, /ECONNREFUSED/);
  });

  it("refuses bad URLs and schemes with VALIDATION_ERROR", async () => {
    await rejectsWithCode(httpHandler.execute({ method: "GET", url: "not a url" }, makeContext(allow)), "VALIDATION_ERROR");
    await rejectsWithCode(httpHandler.execute({ method: "GET", url: "file:///etc/passwd" }, makeContext(allow)), "VALIDATION_ERROR");
    assert.equal(httpHandler.configSchema.safeParse({ method: "FETCH", url: "http://x" }).success, false);
  });
});

describe("http handler SSRF refusal (private addresses not allowed)", () => {
  it("refuses loopback, private, link-local and odd IP spellings without connecting", async () => {
    routes.set("/secret", (_req, res) => json(res, 200, { leaked: true }));
    const before = seen.length;
    const port = new URL(base).port;
    const urls = [
      `${base}/secret`,
      `http://localhost:${port}/secret`,
      `http://[::1]:${port}/secret`,
      `http://[::ffff:127.0.0.1]:${port}/secret`,
      `http://2130706433:${port}/secret`,
      `http://0x7f000001:${port}/secret`,
      "http://10.0.0.1/",
      "http://169.254.169.254/latest/meta-data/",
      "http://100.64.0.1/",
      "http://[fd00::1]/",
      "http://0.0.0.0/",
    ];
    for (const url of urls) {
      const error = await rejectsWithCode(httpHandler.execute({ method: "GET", url }, makeContext()), "SSRF_BLOCKED");
      assert.equal((error as unknown as NodeError).retryable, false, url);
    }
    assert.equal(seen.length, before, "the server must not have been reached");
  });

  it("checks every address DNS returns (fake resolver)", async () => {
    const handler = createHttpHandler({ resolver: async () => ["93.184.216.34", "10.0.0.7"] });
    const error = await rejectsWithCode(handler.execute({ method: "GET", url: "http://mixed.example/" }, makeContext()), "SSRF_BLOCKED");
    assert.match(error.message, /10\.0\.0\.7/);
  });
});

describe("SSRF guard seams", () => {
  const fakeDns: Record<string, string[]> = {
    "public.example": ["93.184.216.34"],
    "rebind.example": ["93.184.216.34", "127.0.0.1"],
    "metadata.example": ["169.254.169.254"],
    "v6.example": ["::ffff:10.1.2.3"],
  };
  const resolver = async (host: string) => {
    const found = fakeDns[host];
    if (!found) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return found;
  };

  it("pins a public name to its checked address and refuses private answers", async () => {
    assert.deepEqual(await guardUrl(new URL("https://public.example/x"), { allowPrivate: false, resolver }), {
      url: new URL("https://public.example/x"),
      address: "93.184.216.34",
      family: 4,
    });
    for (const host of ["rebind.example", "metadata.example", "v6.example"]) {
      await rejectsWithCode(guardUrl(new URL(`http://${host}/`), { allowPrivate: false, resolver }), "SSRF_BLOCKED");
    }
    await rejectsWithCode(guardUrl(new URL("http://nowhere.example/"), { allowPrivate: false, resolver }), "NETWORK");
    await rejectsWithCode(guardUrl(new URL("gopher://public.example/"), { allowPrivate: true, resolver }), "VALIDATION_ERROR");
  });

  it("connects to the pinned address, not to a fresh DNS answer", async () => {
    routes.set("/pinned", (req, res) => json(res, 200, { host: req.headers.host }));
    const port = new URL(base).port;
    const response = await sendWithRedirects(
      { method: "GET", url: new URL(`http://pinned.invalid:${port}/pinned`), headers: {} },
      { guard: async (url) => ({ url, address: "127.0.0.1", family: 4 }), signal: new AbortController().signal, maxBytes: 10_000 },
    );
    assert.deepEqual(JSON.parse(response.body.toString()), { host: `pinned.invalid:${port}` });
  });

  it("checks each redirect hop: a redirect to a private address is refused", async () => {
    routes.set("/to-metadata", (_req, res) => res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end());
    routes.set("/to-rebind", (_req, res) => res.writeHead(307, { location: "http://rebind.example/admin" }).end());
    routes.set("/to-public", (_req, res) => res.writeHead(301, { location: "http://public.example/ok" }).end());
    for (const [path, blockedHost] of [
      ["/to-metadata", "169.254.169.254"],
      ["/to-rebind", "rebind.example"],
    ]) {
      const hops: string[] = [];
      // Hop 0 is the loopback test server standing in for a public one; later hops get the real guard.
      const guard = async (url: URL, hop: number) => {
        hops.push(url.hostname);
        return hop === 0 ? { url, address: "127.0.0.1", family: 4 as const } : guardUrl(url, { allowPrivate: false, resolver });
      };
      const error = await rejectsWithCode(
        sendWithRedirects({ method: "GET", url: new URL(`${base}${path}`), headers: {} }, { guard, signal: new AbortController().signal, maxBytes: 10_000 }),
        "SSRF_BLOCKED",
      );
      assert.match(error.message, new RegExp(blockedHost.replace(/\./g, "\\.")));
      assert.deepEqual(hops, ["127.0.0.1", blockedHost]);
    }
    const checked: Array<string | undefined> = [];
    const guard = async (url: URL, hop: number) => {
      if (hop === 0) return { url, address: "127.0.0.1", family: 4 as const };
      const target = await guardUrl(url, { allowPrivate: false, resolver });
      checked.push(target.address);
      throw new NodeError("stop here", "STOP");
    };
    await rejectsWithCode(
      sendWithRedirects({ method: "GET", url: new URL(`${base}/to-public`), headers: {} }, { guard, signal: new AbortController().signal, maxBytes: 10_000 }),
      "STOP",
    );
    assert.deepEqual(checked, ["93.184.216.34"]);
  });
});
