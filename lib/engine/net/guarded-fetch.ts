/**
 * A `fetch` for libraries that take one (the AI SDK's providers, the MCP client), with the http
 * node's rules: every request's host is resolved and checked by `guardUrl` (public addresses only
 * unless allowed) and the socket is pinned to the checked address, so a second DNS answer can't
 * switch it (node's global fetch can't pin addresses). The response body streams (server-sent
 * events), decompressed, and fails past `maxBytes` when one is given; redirects are not followed
 * (these APIs don't redirect, and a redirect would bypass the guard).
 */
import type { IncomingMessage } from "node:http";
import { pipeline, Readable, Transform } from "node:stream";
import { ErrorCode, NodeError } from "../errors";
import { abortError } from "../handlers/abort";
import { decoded, openRequest, tooLarge } from "./http-client";
import { guardUrl, systemResolver, type Resolver } from "./ssrf";

export interface GuardedFetchOptions {
  allowPrivate: boolean;
  resolver?: Resolver;
  /** Fail the body past this many (decoded) bytes; unlimited when left out. */
  maxBytes?: number;
  /** Certificate authorities trusted instead of Node's bundled ones (tests with a local HTTPS server). */
  ca?: string;
}

const NO_BODY = new Set([204, 205, 304]);

function toHeaders(raw: IncomingMessage["headers"]): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || name === "content-encoding") continue; // the body is decoded here
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

function networkError(error: unknown, url: URL): NodeError {
  if (error instanceof NodeError) return error;
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const detail = code && !message.includes(code) ? `${code}: ${message}` : message;
  return new NodeError(`request to ${url.host} failed: ${detail}`, ErrorCode.NETWORK, { cause: error });
}

function capped(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
}

export function createGuardedFetch(options: GuardedFetchOptions): typeof fetch {
  const resolver = options.resolver ?? systemResolver;
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const signal = init?.signal ?? undefined;
    const target = await guardUrl(url, { allowPrivate: options.allowPrivate, resolver });
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    if (body) headers["content-length"] = String(body.length);
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : abortError(signal);
    let response: IncomingMessage;
    try {
      response = await openRequest({ method: request.method, url, headers, body }, target, signal ?? new AbortController().signal, options.ca);
    } catch (error) {
      throw (error as Error).name === "AbortError" ? error : networkError(error, url);
    }
    const status = response.statusCode ?? 0;
    if (request.method === "HEAD" || NO_BODY.has(status)) {
      response.resume();
      return new Response(null, { status, statusText: response.statusMessage ?? "", headers: toHeaders(response.headers) });
    }
    const source = decoded(response);
    const stream = options.maxBytes === undefined ? source : pipeline(source, capped(options.maxBytes), () => {});
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, statusText: response.statusMessage ?? "", headers: toHeaders(response.headers) });
  };
}
