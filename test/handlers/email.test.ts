// The email node against a real SMTP server on this machine (smtp-server, the same library mail
// services are built with): the message arrives as configured, a refused recipient fails the node
// with the server's reason, private addresses are refused unless allowed, and bad settings are
// refused with the field and why, before any connection.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SMTPServer } from "smtp-server";
import { createEmailHandler, emailHandler, SMTP_REJECTED } from "../../lib/engine/handlers/email";
import { doneOutput, makeContext, rejectsWithCode, run } from "./helpers";

type Received = { from: string; to: string[]; raw: string; user?: string };
const received: Received[] = [];
let server: SMTPServer;
let port = 0;
const allow = () => makeContext({ options: { allowPrivateHttp: true } });

before(async () => {
  server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    onAuth: (auth, _session, callback) => (auth.username === "bot" && auth.password === "p@ss" ? callback(null, { user: auth.username }) : callback(new Error("Invalid username or password"))),
    onRcptTo: (address, _session, callback) => (address.address.endsWith("@blocked.test") ? callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 })) : callback()),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8"), user: session.user as string | undefined });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as { port: number }).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("email node", () => {
  it("sends the message as configured, signed in with the URL's user", async () => {
    const out = doneOutput(
      await run(emailHandler, { smtpUrl: `smtp://bot:p%40ss@127.0.0.1:${port}`, from: "reports@example.test", to: "ada@example.test, bob@example.test", subject: "Daily report", text: "All green." }, allow()),
    ) as { accepted: string[]; rejected: string[]; messageId: string };
    assert.deepEqual(out.accepted, ["ada@example.test", "bob@example.test"]);
    assert.deepEqual(out.rejected, []);
    const mail = received.at(-1)!;
    assert.deepEqual([mail.from, mail.to, mail.user], ["reports@example.test", ["ada@example.test", "bob@example.test"], "bot"]);
    assert.match(mail.raw, /Subject: Daily report/);
    assert.match(mail.raw, /All green\./);
  });

  it("a refused recipient fails the node with the server's reason (SMTP_REJECTED, not retried)", async () => {
    const error = await rejectsWithCode(run(emailHandler, { smtpUrl: `smtp://127.0.0.1:${port}`, from: "a@example.test", to: "x@blocked.test", subject: "s", text: "t" }, allow()), SMTP_REJECTED);
    assert.match(error.message, /550.*Mailbox unavailable/);
    assert.equal((error as unknown as { retryable?: boolean }).retryable, false);
  });

  it("wrong credentials and an unreachable server fail with the reason", async () => {
    const denied = await rejectsWithCode(run(emailHandler, { smtpUrl: `smtp://bot:wrong@127.0.0.1:${port}`, from: "a@example.test", to: "b@example.test", subject: "s", text: "t" }, allow()), SMTP_REJECTED);
    assert.match(denied.message, /Invalid username or password/);
    await rejectsWithCode(run(emailHandler, { smtpUrl: "smtp://127.0.0.1:1", from: "a@example.test", to: "b@example.test", subject: "s", text: "t" }, allow()), "NETWORK");
  });

  it("private addresses are refused unless allowed, also when a name resolves to one", async () => {
    await rejectsWithCode(run(emailHandler, { smtpUrl: `smtp://127.0.0.1:${port}`, from: "a@example.test", to: "b@example.test", subject: "s", text: "t" }), "SSRF_BLOCKED");
    const sneaky = createEmailHandler({ resolver: async () => ["10.0.0.5"] });
    await rejectsWithCode(run(sneaky, { smtpUrl: "smtp://mail.example.test:25", from: "a@example.test", to: "b@example.test", subject: "s", text: "t" }), "SSRF_BLOCKED");
  });

  it("bad settings are refused with the field and why, before connecting", async () => {
    const before = received.length;
    await rejectsWithCode(run(emailHandler, { smtpUrl: `smtp://127.0.0.1:${port}`, from: "a@example.test", to: "not-an-address", subject: "s", text: "t" }, allow()), "VALIDATION_ERROR");
    await rejectsWithCode(run(emailHandler, { smtpUrl: `https://127.0.0.1:${port}`, from: "a@example.test", to: "b@example.test", subject: "s", text: "t" }, allow()), "VALIDATION_ERROR");
    assert.equal(emailHandler.configSchema.safeParse({ smtpUrl: "smtp://h", from: "a@example.test", to: "b@example.test", subject: "s" }).success, false, "a text or an HTML body");
    assert.equal(emailHandler.configSchema.safeParse({ smtpUrl: "{{env.SMTP_URL}}", from: "{{inputs.from}}", to: "{{inputs.to}}", subject: "s", text: "t" }).success, true, "templates pass the build");
    assert.equal(received.length, before, "nothing was sent");
  });
});
