/**
 * A `fetch` for the AI SDK's providers that obeys the http node's SSRF policy:
 * the base URL's host is resolved and checked by `guardUrl`, and the socket is
 * pinned to the checked address (no DNS rebinding between check and connect).
 * Built on node's http/https because the global fetch can't pin addresses.
 * The response body streams (server-sent events); redirects are not followed
 * (LLM APIs don't redirect, and a redirect would bypass the guard).
 */
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import { ErrorCode, NodeError } from "../errors";
import { abortError } from "../handlers/abort";
import { guardUrl, pinnedLookup, systemResolver, type Resolver } from "../net/ssrf";

export interface GuardedFetchOptions {
  allowPrivate: boolean;
  resolver?: Resolver;
}

function toHeaders(raw: IncomingMessage["headers"]): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

function networkError(error: unknown, url: URL): NodeError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const detail = code && !message.includes(code) ? `${code}: ${message}` : message;
  return new NodeError(`request to ${url.host} failed: ${detail}`, ErrorCode.NETWORK, { cause: error });
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

    const transport = url.protocol === "https:" ? https : http;
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = transport.request(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ""),
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          method: request.method,
          headers,
          signal,
          // A fresh connection per request: a pooled socket may have been checked under another policy.
          agent: false,
          lookup: target.address ? pinnedLookup(target.address, target.family ?? 4) : undefined,
        },
        resolve,
      );
      req.on("error", (error) => reject(error.name === "AbortError" ? error : networkError(error, url)));
      req.end(body);
    });
    const status = response.statusCode ?? 0;
    const empty = request.method === "HEAD" || status === 204 || status === 304;
    if (empty) response.resume();
    const stream = empty ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>);
    return new Response(stream, { status, statusText: response.statusMessage ?? "", headers: toHeaders(response.headers) });
  };
}
