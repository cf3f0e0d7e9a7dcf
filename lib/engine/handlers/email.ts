/**
 * `email`: sends one message over SMTP (nodemailer). The server comes from `smtpUrl`, usually a
 * secret (`{{env.SMTP_URL}}`, like smtp://user:pass@smtp.example.com:587 or smtps://…:465). Like
 * the http node, it connects only to public addresses unless FLOWMAESTRO_ALLOW_PRIVATE_HTTP=1, and
 * to the address it checked. A refused recipient or an unreachable server fails the node with the
 * server's reason (SMTP_REJECTED, NETWORK, TIMEOUT), routable down its error port.
 */
import { z } from "zod";
import { ErrorCode, NodeError } from "../errors";
import { guardHost, systemResolver, type Resolver } from "../net/ssrf";
import { defineHandler } from "./types";

const TIMEOUT_MS = 30_000;
export const SMTP_REJECTED = "SMTP_REJECTED";

const text = (value: unknown) => (typeof value === "string" ? value : value === null || value === undefined ? "" : JSON.stringify(value));
/** Addresses are checked when the node runs: at build time they may still be templates ({{inputs.email}}). */
const addresses = z
  .unknown()
  .transform((v) => (Array.isArray(v) ? v.map(text) : text(v).split(",")).map((a) => a.trim()).filter(Boolean))
  .pipe(z.array(z.string()).min(1, "at least one address"));
const isEmail = (value: string) => z.email().safeParse(value).success;

const configSchema = z
  .object({
    smtpUrl: z.string().min(1, "the SMTP server, e.g. {{env.SMTP_URL}}").describe("The mail server: smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465, usually a secret like {{env.SMTP_URL}}"),
    from: z.string().min(1, "the sender address").describe("The sender address, e.g. reports@example.com"),
    to: addresses.describe("Recipients: one address, several separated by commas, or a list"),
    subject: z.unknown().transform(text).pipe(z.string().min(1, "a subject")).describe("The subject line"),
    text: z.unknown().transform(text).optional().describe("The plain-text body"),
    html: z.unknown().transform(text).optional().describe("An HTML body (mail clients show it instead of the text)"),
  })
  .refine((c) => Boolean(c.text || c.html), { message: "give a text or an HTML body", path: ["text"] });
export type EmailConfig = z.infer<typeof configSchema>;

function smtpServer(raw: string): { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new NodeError("smtpUrl is not a URL: use smtp://user:pass@host:587 or smtps://user:pass@host:465", ErrorCode.VALIDATION_ERROR, { retryable: false });
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new NodeError(`smtpUrl must start with smtp:// or smtps://, got "${url.protocol}"`, ErrorCode.VALIDATION_ERROR, { retryable: false });
  const secure = url.protocol === "smtps:";
  const auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  return { host: url.hostname.replace(/^\[|\]$/g, ""), port: url.port ? Number(url.port) : secure ? 465 : 587, secure, auth };
}

/** The handler with its DNS resolver injectable (tests); `emailHandler` uses the system's. */
export function createEmailHandler(deps: { resolver: Resolver } = { resolver: systemResolver }) {
  return defineHandler<EmailConfig>({
    type: "email",
    label: "Send email",
    keywords: ["mail", "smtp", "message", "send"],
    description: "Send an email over SMTP (server from a secret)",
    category: "action",
    configSchema,
    handles: () => ["source"],
    async execute(config, ctx) {
      const wrong = [config.from, ...config.to].find((address) => !isEmail(address));
      if (wrong !== undefined) throw new NodeError(`"${wrong}" is not an email address`, ErrorCode.VALIDATION_ERROR, { retryable: false });
      const server = smtpServer(config.smtpUrl);
      // Connect to the address that was checked, and check the certificate against the name.
      const target = ctx.options.allowPrivateHttp ? { address: server.host } : await guardHost(server.host, { allowPrivate: false, resolver: deps.resolver });
      // Loaded by the first message: every process that sends none saves its start-up (about 15 ms).
      const { default: nodemailer } = await import("nodemailer");
      const transporter = nodemailer.createTransport({
        host: target.address,
        port: server.port,
        secure: server.secure,
        auth: server.auth,
        tls: { servername: server.host },
        connectionTimeout: TIMEOUT_MS,
        greetingTimeout: TIMEOUT_MS,
        socketTimeout: TIMEOUT_MS,
      });
      const onAbort = () => transporter.close();
      ctx.signal.addEventListener("abort", onAbort, { once: true });
      try {
        const sent = await transporter.sendMail({ from: config.from, to: config.to, subject: config.subject, ...(config.text ? { text: config.text } : {}), ...(config.html ? { html: config.html } : {}) });
        return { kind: "done", output: { messageId: sent.messageId, accepted: sent.accepted.map(String), rejected: sent.rejected.map(String) } };
      } catch (error) {
        if (ctx.signal.aborted) throw new NodeError("cancelled while sending", ErrorCode.CANCELLED, { retryable: false });
        const e = error as { code?: string; responseCode?: number; message?: string };
        const reason = (e.message ?? String(error)).replace(/\s+/g, " ").slice(0, 300);
        if (e.code === "ETIMEDOUT") throw new NodeError(`the mail server did not answer in time: ${reason}`, ErrorCode.TIMEOUT, { cause: error });
        if (e.responseCode && e.responseCode >= 400) throw new NodeError(`the mail server refused the message (${e.responseCode}): ${reason}`, SMTP_REJECTED, { retryable: e.responseCode < 500, cause: error });
        throw new NodeError(`could not send the message: ${reason}`, ErrorCode.NETWORK, { cause: error });
      } finally {
        ctx.signal.removeEventListener("abort", onAbort);
        transporter.close();
      }
    },
  });
}

export const emailHandler = createEmailHandler();
