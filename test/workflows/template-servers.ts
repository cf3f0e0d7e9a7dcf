// The local server the template tests (unit and e2e/templates-run.spec.ts) call instead of outside
// services: a stub API with fixed answers, recording what it got, and an SMTP server.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface Served {
  url: string;
  close(): Promise<void>;
}

async function serve(handler: http.RequestListener): Promise<http.Server & { url: string }> {
  const server = http.createServer(handler) as http.Server & { url: string };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return server;
}

const close = (server: http.Server) => () =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

export interface StubApi extends Served {
  /** Requests received, by path (without the query). */
  received: Map<string, { method: string; body: unknown; headers: http.IncomingHttpHeaders }[]>;
}

export const METRICS = [
  { name: "signups", value: 42 },
  { name: "orders", value: 17 },
  { name: "refunds", value: 3 },
];

/**
 * GET /metrics → METRICS; /flaky → 503 on a run's first attempt, then { ok: true }; /down → always 503;
 * /json/<n> → { n }; GitHub's POST /repos/<owner>/<repo>/issues (201, issue 42) and
 * /issues/<n>/comments (201, comment 9001), 401 without the token "ghp_good", 404 for the repository
 * octo-org/missing; anything else (POST /hook, /report) → 200 { received: true }.
 */
export async function startStubApi(): Promise<StubApi> {
  const received: StubApi["received"] = new Map();
  const server = await serve(async (req, res) => {
    const text = await readBody(req);
    const path = new URL(req.url ?? "/", "http://stub").pathname;
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // kept as text
    }
    const calls = received.get(path) ?? [];
    calls.push({ method: req.method ?? "GET", body, headers: req.headers });
    received.set(path, calls);
    const json = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    if (path === "/metrics") return json(200, METRICS);
    if (path === "/flaky") {
      // The first attempt of each run (its Idempotency-Key ends in ":1") fails; a retry gets through.
      // Per run, not per server: one stub serves the runs of both databases.
      return String(req.headers["idempotency-key"] ?? "").endsWith(":1") ? json(503, { error: "warming up" }) : json(200, { ok: true });
    }
    if (path === "/down") return json(503, { error: "down for maintenance" });
    const github = /^\/repos\/([^/]+\/[^/]+)\/issues(?:\/(\d+)\/comments)?$/.exec(path);
    if (github && req.method === "POST") {
      const [, repo, issue] = github;
      if (req.headers.authorization !== "Bearer ghp_good") return json(401, { message: "Bad credentials" });
      if (repo === "octo-org/missing") return json(404, { message: "Not Found" });
      if (issue) return json(201, { id: 9001, html_url: `https://github.test/${repo}/issues/${issue}#issuecomment-9001` });
      return json(201, { id: 77, number: 42, html_url: `https://github.test/${repo}/issues/42` });
    }
    const n = /^\/json\/(\d+)$/.exec(path);
    if (n) return json(200, { n: Number(n[1]) });
    return json(200, { received: true });
  });
  return { url: server.url, received, close: close(server) };
}

export interface SmtpSink {
  port: number;
  /** Messages accepted, oldest first: the envelope and the raw message. */
  received: { from: string; to: string[]; data: string }[];
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on loopback: accepts any sender, refuses recipients @blocked.test with 550. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: SmtpSink["received"] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    onRcptTo: (address, _session, callback) => (address.address.endsWith("@blocked.test") ? callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 })) : callback()),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
