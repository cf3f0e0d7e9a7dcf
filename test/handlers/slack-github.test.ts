// The slack and github nodes against local HTTP servers that answer as Slack and GitHub do (the
// real services can't be reached from here): what each sends (path, token, JSON body), what it
// outputs, and each service's refusals as node errors with the service's own words: a webhook's
// 4xx, chat.postMessage's `ok: false` at HTTP 200, rate limits (retryable), GitHub's 401/404/422.
// Private addresses are refused unless allowed, like the http node's.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { NodeError } from "../../lib/engine/errors";
import { githubHandler } from "../../lib/engine/handlers/github";
import { SLACK_ERROR, slackHandler } from "../../lib/engine/handlers/slack";
import { doneOutput, makeContext, rejectsWithCode, run } from "./helpers";

type Seen = { method: string; path: string; authorization?: string; headers: IncomingMessage["headers"]; body: unknown };
const seen: Seen[] = [];
let server: Server;
let base = "";
const allow = () => makeContext({ options: { allowPrivateHttp: true } });

/** Slack: /hooks/* (incoming webhooks), /api/chat.postMessage. GitHub: /repos/:owner/:repo/issues(/:n/comments). */
function answer(seen: Seen): { status: number; body: unknown; type?: string } {
  const token = seen.authorization?.replace(/^Bearer /, "");
  if (seen.path === "/hooks/good") return { status: 200, body: "ok", type: "text/plain" };
  if (seen.path === "/hooks/gone") return { status: 404, body: "no_service", type: "text/plain" };
  if (seen.path === "/api/chat.postMessage") {
    if (token === "xoxb-limited") return { status: 429, body: { ok: false, error: "ratelimited" } };
    if (token !== "xoxb-good") return { status: 200, body: { ok: false, error: "invalid_auth" } };
    const channel = (seen.body as { channel?: string }).channel;
    return channel === "#nowhere" ? { status: 200, body: { ok: false, error: "channel_not_found" } } : { status: 200, body: { ok: true, channel: "C0DEPLOYS", ts: "1700000000.000100" } };
  }
  const repo = /^\/repos\/octo-org\/website\/issues(?:\/(\d+)\/comments)?$/.exec(seen.path);
  if (seen.path.startsWith("/repos/")) {
    if (token !== "ghp_good") return { status: 401, body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" } };
    if (!repo) return { status: 404, body: { message: "Not Found" } };
    if (repo[1]) return { status: 201, body: { id: 9001, html_url: `https://github.test/octo-org/website/issues/${repo[1]}#issuecomment-9001` } };
    const issue = seen.body as { title?: string; labels?: string[] };
    if (issue.labels?.includes("nope")) return { status: 422, body: { message: "Validation Failed", errors: [{ field: "labels", code: "invalid" }] } };
    return { status: 201, body: { id: 77, number: 42, html_url: "https://github.test/octo-org/website/issues/42" } };
  }
  return { status: 404, body: { message: "Not Found" } };
}

before(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      const entry: Seen = { method: req.method!, path: req.url!, authorization: req.headers.authorization, headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
      seen.push(entry);
      const { status, body, type } = answer(entry);
      res.writeHead(status, { "content-type": type ?? "application/json; charset=utf-8" });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const last = () => seen[seen.length - 1]!;

describe("slack node", () => {
  it("posts to an incoming webhook: the text and blocks as JSON", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*Deploy* finished" } }];
    assert.deepEqual(doneOutput(await run(slackHandler, { webhookUrl: `${base}/hooks/good`, text: "Deploy finished", blocks }, allow())), { ok: true });
    assert.equal(last().method, "POST");
    assert.equal(last().path, "/hooks/good");
    assert.deepEqual(last().body, { text: "Deploy finished", blocks });
    assert.match(String(last().headers["content-type"]), /^application\/json/);
  });

  it("posts with a bot token to chat.postMessage and outputs the channel and ts", async () => {
    const out = doneOutput(await run(slackHandler, { token: "xoxb-good", channel: "#deploys", text: "Shipped v2", apiUrl: `${base}/api` }, allow()));
    assert.deepEqual(out, { ok: true, channel: "C0DEPLOYS", ts: "1700000000.000100" });
    assert.equal(last().path, "/api/chat.postMessage");
    assert.equal(last().authorization, "Bearer xoxb-good");
    assert.deepEqual(last().body, { channel: "#deploys", text: "Shipped v2" });
  });

  it("Slack's refusals fail the node with its reason: ok:false at HTTP 200, a webhook's 404, a rate limit (retryable)", async () => {
    const badAuth = await run(slackHandler, { token: "xoxb-wrong", channel: "#deploys", text: "x", apiUrl: `${base}/api` }, allow()).catch((e: unknown) => e);
    assert.ok(badAuth instanceof NodeError && badAuth.code === SLACK_ERROR && badAuth.message === "Slack refused the message: invalid_auth" && !badAuth.retryable, String(badAuth));
    const noChannel = await run(slackHandler, { token: "xoxb-good", channel: "#nowhere", text: "x", apiUrl: `${base}/api` }, allow()).catch((e: unknown) => e);
    assert.ok(noChannel instanceof NodeError && /channel_not_found/.test(noChannel.message));
    const gone = await run(slackHandler, { webhookUrl: `${base}/hooks/gone`, text: "x" }, allow()).catch((e: unknown) => e);
    assert.ok(gone instanceof NodeError && gone.code === "HTTP_404" && /no_service/.test(gone.message), String(gone));
    const limited = await run(slackHandler, { token: "xoxb-limited", channel: "#deploys", text: "x", apiUrl: `${base}/api` }, allow()).catch((e: unknown) => e);
    assert.ok(limited instanceof NodeError && limited.code === "HTTP_429" && limited.retryable, String(limited));
  });

  it("refuses bad settings with the field and why, and private addresses unless allowed", async () => {
    await rejectsWithCode(run(slackHandler, { text: "x" }), "VALIDATION_ERROR");
    await rejectsWithCode(run(slackHandler, { webhookUrl: `${base}/hooks/good`, token: "xoxb-good", text: "x" }), "VALIDATION_ERROR");
    await rejectsWithCode(run(slackHandler, { token: "xoxb-good", text: "x" }), "VALIDATION_ERROR");
    await rejectsWithCode(run(slackHandler, { webhookUrl: `${base}/hooks/good`, text: "" }), "VALIDATION_ERROR");
    const before = seen.length;
    await rejectsWithCode(run(slackHandler, { webhookUrl: `${base}/hooks/good`, text: "x" }), "SSRF_BLOCKED");
    assert.equal(seen.length, before, "nothing was sent");
  });
});

describe("github node", () => {
  it("creates an issue with title, body and labels, and outputs its number and URL", async () => {
    const out = doneOutput(await run(githubHandler, { action: "create_issue", token: "ghp_good", repo: "octo-org/website", title: "Nightly build failed", body: "See run 7", labels: ["ci"], apiUrl: base }, allow()));
    assert.deepEqual(out, { number: 42, url: "https://github.test/octo-org/website/issues/42", id: 77 });
    assert.equal(last().path, "/repos/octo-org/website/issues");
    assert.equal(last().authorization, "Bearer ghp_good");
    assert.equal(last().headers.accept, "application/vnd.github+json");
    assert.equal(last().headers["x-github-api-version"], "2022-11-28");
    assert.deepEqual(last().body, { title: "Nightly build failed", body: "See run 7", labels: ["ci"] });
  });

  it("comments on an issue or pull request", async () => {
    const out = doneOutput(await run(githubHandler, { action: "comment", token: "ghp_good", repo: "octo-org/website", issueNumber: "17", body: "Deployed to staging", apiUrl: `${base}/` }, allow()));
    assert.deepEqual(out, { id: 9001, url: "https://github.test/octo-org/website/issues/17#issuecomment-9001" });
    assert.equal(last().path, "/repos/octo-org/website/issues/17/comments");
    assert.deepEqual(last().body, { body: "Deployed to staging" });
  });

  it("GitHub's refusals fail the node with its message: 401, 404, 422", async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ token: "ghp_wrong", repo: "octo-org/website" }, "HTTP_401", /Bad credentials/],
      [{ token: "ghp_good", repo: "octo-org/secret" }, "HTTP_404", /Not Found/],
      [{ token: "ghp_good", repo: "octo-org/website", labels: ["nope"] }, "HTTP_422", /Validation Failed/],
    ];
    for (const [config, code, message] of cases) {
      const error = await run(githubHandler, { action: "create_issue", title: "t", apiUrl: base, ...config }, allow()).catch((e: unknown) => e);
      assert.ok(error instanceof NodeError && error.code === code && message.test(error.message) && !error.retryable, `${code}: ${String(error)}`);
    }
  });

  it("refuses bad settings before sending: an unknown action, a repo that isn't owner/name, a missing title or number", async () => {
    const before = seen.length;
    await rejectsWithCode(run(githubHandler, { action: "merge", token: "t", repo: "a/b" }), "VALIDATION_ERROR");
    await rejectsWithCode(run(githubHandler, { action: "create_issue", token: "ghp_good", repo: "../../admin", title: "t", apiUrl: base }, allow()), "VALIDATION_ERROR");
    await rejectsWithCode(run(githubHandler, { action: "create_issue", token: "ghp_good", repo: "a/b" }), "VALIDATION_ERROR");
    await rejectsWithCode(run(githubHandler, { action: "comment", token: "ghp_good", repo: "a/b", body: "x" }), "VALIDATION_ERROR");
    assert.equal(seen.length, before, "nothing was sent");
  });
});
