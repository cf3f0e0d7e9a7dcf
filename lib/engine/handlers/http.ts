/** `http`: one HTTP request; JSON in and out; non-2xx fails with HTTP_<status> (spec section 4). */
import { validateHeaderName, validateHeaderValue } from "node:http";
import { z } from "zod";
import { durationSchema, parseDuration } from "../duration";
import { ErrorCode, NodeError, httpErrorCode } from "../errors";
import { sendWithRedirects, type HttpResponse } from "../net/http-client";
import { guardUrl, systemResolver, type Resolver } from "../net/ssrf";
import { withTimeout } from "./abort";
import { defineHandler, type ExecuteContext } from "./types";

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

const configSchema = z.object({
  method: z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() : v), z.enum(methods)).default("GET").describe("The HTTP method; GET and HEAD send no body"),
  url: z.string().min(1, "url is required").describe("The address to call; templates allowed, e.g. https://api.example.com/users/{{inputs.id}}"),
  headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional().describe("Request headers, e.g. authorization: Bearer {{env.API_KEY}}; null leaves one out"),
  query: z.record(z.string(), z.unknown()).optional().describe("Query parameters added to the URL; a list repeats the name, null leaves it out"),
  body: z.unknown().optional().describe("Objects go as JSON (a form if content-type says so), text as is; not sent on GET/HEAD"),
  timeoutMs: durationSchema.optional().describe('Time limit per request: milliseconds or a duration like "30s", "5m"; default 30s'),
  /** Send `Idempotency-Key: <runId>:<instance>:<attempt>` (default), stable when a crash re-sends the same attempt. */
  idempotencyKey: z.boolean().optional().describe("Send an Idempotency-Key header, stable if a crash re-sends the attempt; on by default"),
  /** Follow a redirect from https to plain http (refused by default: it would send the request in clear). */
  allowInsecureRedirects: z.boolean().optional().describe("Follow a redirect from https to plain http (refused by default: it travels in clear)"),
});
export type HttpConfig = z.infer<typeof configSchema>;

function invalid(message: string): NodeError {
  return new NodeError(message, ErrorCode.VALIDATION_ERROR, { retryable: false });
}

function queryText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function buildUrl(raw: string, query: Record<string, unknown> | undefined): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(`url is not a valid absolute URL: "${raw}"`);
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, queryText(item));
  }
  return url;
}

function headerIndex(headers: Record<string, string>, name: string): string | undefined {
  return Object.keys(headers).find((key) => key.toLowerCase() === name);
}

/** Objects go out as JSON (or a form when the content-type says so), strings as they are. */
export function encodeBody(body: unknown, headers: Record<string, string>): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  const typeKey = headerIndex(headers, "content-type");
  const contentType = typeKey ? headers[typeKey].toLowerCase() : "";
  if (typeof body === "string") {
    if (!typeKey) headers["content-type"] = "text/plain; charset=utf-8";
    return Buffer.from(body);
  }
  if (contentType.startsWith("application/x-www-form-urlencoded") && typeof body === "object" && !Array.isArray(body)) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(body)) if (value !== null && value !== undefined) form.append(key, queryText(value));
    return Buffer.from(form.toString());
  }
  if (!typeKey) headers["content-type"] = "application/json";
  return Buffer.from(JSON.stringify(body));
}

/** JSON when the content-type says JSON (text if it doesn't parse), text otherwise; null for no body. */
export function decodeBody(response: HttpResponse, method: string): unknown {
  if (method === "HEAD" || response.status === 204 || response.status === 304) return null;
  const contentType = response.headers["content-type"] ?? "";
  const charset = /charset=([^;\s]+)/i.exec(contentType)?.[1];
  let text: string;
  try {
    text = new TextDecoder(charset ?? "utf-8").decode(response.body);
  } catch {
    text = response.body.toString("utf8");
  }
  if (/[/+]json\b/i.test(contentType)) {
    if (text.trim() === "") return null;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export function statusError(response: HttpResponse, method: string): NodeError {
  const text = response.body.subarray(0, 300).toString("utf8").replace(/\s+/g, " ").trim();
  const snippet = text ? `: ${text.slice(0, 200)}` : "";
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  return new NodeError(`HTTP ${status} from ${method} ${response.url.origin}${response.url.pathname}${snippet}`, httpErrorCode(response.status));
}

export interface HttpDependencies {
  resolver: Resolver;
  /** Certificate authorities trusted instead of Node's bundled ones (tests with a local HTTPS server). */
  ca?: string;
}

/** The handler with its DNS resolver injectable (tests); `httpHandler` uses the system's. */
export function createHttpHandler(deps: HttpDependencies = { resolver: systemResolver }) {
  return defineHandler<HttpConfig>({
    type: "http",
    label: "HTTP request",
    keywords: ["api", "request", "fetch", "rest", "get", "post", "call"],
    description: "Call a URL and get its status, headers and JSON or text body",
    category: "action",
    configSchema,
    handles: () => ["source"],
    async execute(config: HttpConfig, ctx: ExecuteContext) {
      const url = buildUrl(config.url, config.query);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(config.headers ?? {})) if (value !== null) headers[name] = String(value);
      if (!headerIndex(headers, "user-agent")) headers["user-agent"] = "FlowMaestro";
      if (!headerIndex(headers, "accept")) headers["accept"] = "application/json, text/plain;q=0.9, */*;q=0.8";
      // Lets the receiver drop a request sent again after a crash (same attempt, same key); a retry is a new attempt.
      if (config.idempotencyKey !== false && !headerIndex(headers, "idempotency-key")) headers["idempotency-key"] = `${ctx.runId}:${ctx.instance}:${ctx.attempt}`;
      const sendsBody = config.method !== "GET" && config.method !== "HEAD";
      const body = sendsBody ? encodeBody(config.body, headers) : undefined;
      for (const name of Object.keys(headers)) {
        try {
          // node would throw a TypeError deep inside the request; say which header is wrong instead.
          validateHeaderName(name);
          validateHeaderValue(name, headers[name]);
        } catch {
          throw invalid(`headers.${name}: not a valid HTTP header name or value`);
        }
      }

      const timeoutMs = config.timeoutMs !== undefined ? parseDuration(config.timeoutMs)! : ctx.options.httpTimeoutMs;
      const limit = withTimeout(ctx.signal, timeoutMs, `request timed out after ${timeoutMs} ms`);
      try {
        const response = await sendWithRedirects(
          { method: config.method, url, headers, body },
          {
            guard: (hopUrl) => guardUrl(hopUrl, { allowPrivate: ctx.options.allowPrivateHttp, resolver: deps.resolver }),
            signal: limit.signal,
            maxBytes: ctx.options.httpMaxResponseBytes,
            allowInsecureRedirects: config.allowInsecureRedirects === true,
            ca: deps.ca,
          },
        );
        if (response.status < 200 || response.status > 299) throw statusError(response, config.method);
        return { kind: "done", output: { status: response.status, headers: response.headers, data: decodeBody(response, config.method) } };
      } finally {
        limit.dispose();
      }
    },
  });
}

export const httpHandler = createHttpHandler();
