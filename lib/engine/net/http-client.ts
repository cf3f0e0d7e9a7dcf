/**
 * One HTTP exchange for the http node: node's http/https with the connection
 * pinned to the address the SSRF guard checked, redirects followed by hand
 * (every hop goes through the guard again; what a hop may carry is ./redirects.ts),
 * the body read up to a byte cap.
 */
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { pipeline, type Readable } from "node:stream";
import zlib from "node:zlib";
import { ErrorCode, NodeError } from "../errors";
import { abortError } from "../handlers/abort";
import { redirected, type RedirectPolicy } from "./redirects";
import { pinnedLookup, type GuardedTarget } from "./ssrf";

export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: URL;
}

export interface SendOptions extends RedirectPolicy {
  /** Checks each hop's URL (hop 0 is the request itself) and says where to connect. */
  guard(url: URL, hop: number): Promise<GuardedTarget>;
  signal: AbortSignal;
  maxBytes: number;
  maxRedirects?: number;
  /** Certificate authorities trusted instead of Node's bundled ones (tests with a local HTTPS server). */
  ca?: string;
}

export const RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE";
export const TOO_MANY_REDIRECTS = "TOO_MANY_REDIRECTS";
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One request to the checked address (never a pooled socket); resolves with the response head. */
export function openRequest(request: HttpRequest, target: GuardedTarget, signal: AbortSignal, ca: string | undefined): Promise<IncomingMessage> {
  const { url } = request;
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers,
        signal,
        // A fresh connection per request: a pooled socket may have been checked under another run's policy.
        agent: false,
        lookup: target.address ? pinnedLookup(target.address, target.family ?? 4) : undefined,
        ...(ca ? { ca } : {}),
      },
      resolve,
    );
    req.on("error", reject);
    req.end(request.body);
  });
}

export function flattenHeaders(headers: IncomingMessage["headers"]): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

export function tooLarge(maxBytes: number): NodeError {
  return new NodeError(`response body is larger than the limit of ${maxBytes} bytes`, RESPONSE_TOO_LARGE, { retryable: false });
}

/** The body, decompressed as its content-encoding says. */
export function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers["content-encoding"] ?? "").trim().toLowerCase();
  const decoder =
    encoding === "gzip" || encoding === "x-gzip"
      ? zlib.createGunzip()
      : encoding === "deflate"
        ? zlib.createInflate()
        : encoding === "br"
          ? zlib.createBrotliDecompress()
          : undefined;
  if (!decoder) return response;
  return pipeline(response, decoder, () => {});
}

/** Reads the (decoded) body, failing as soon as it passes `maxBytes`: the cap also bounds decompression. */
export async function readCapped(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes && !response.headers["content-encoding"]) {
    response.destroy();
    throw tooLarge(maxBytes);
  }
  const stream = decoded(response);
  const onAbort = () => stream.destroy(abortError(signal));
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk as Buffer);
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    response.destroy();
  }
  return Buffer.concat(chunks);
}

function networkError(error: unknown, url: URL): NodeError {
  const code = (error as { code?: string }).code;
  const detail = code && error instanceof Error && !error.message.includes(code) ? `${code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  return new NodeError(`request to ${url.host} failed: ${detail}`, ErrorCode.NETWORK, { cause: error });
}

/** Sends the request, following up to `maxRedirects` (default 5) redirects, each hop checked by `guard`. */
export async function sendWithRedirects(request: HttpRequest, options: SendOptions): Promise<HttpResponse> {
  const maxRedirects = options.maxRedirects ?? 5;
  let current = request;
  for (let hop = 0; ; hop++) {
    try {
      const target = await options.guard(current.url, hop);
      if (options.signal.aborted) throw abortError(options.signal);
      const response = await openRequest(current, target, options.signal, options.ca);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location) {
        response.destroy();
        if (hop >= maxRedirects) {
          throw new NodeError(`more than ${maxRedirects} redirects (last to ${location})`, TOO_MANY_REDIRECTS, { retryable: false });
        }
        current = redirected(current, status, location, hop + 1, options);
        continue;
      }
      const body = await readCapped(response, options.maxBytes, options.signal);
      return { status, statusText: response.statusMessage ?? "", headers: flattenHeaders(response.headers), body, url: current.url };
    } catch (error) {
      if (options.signal.aborted) throw abortError(options.signal);
      if (error instanceof NodeError) throw error;
      throw networkError(error, current.url);
    }
  }
}
