/**
 * A `fetch` for libraries that take one (the MCP client), with the http node's rules: every
 * request's address is checked (public only unless allowed) and connected to as checked, the body
 * streams (server-sent events) but stops past `maxBytes`, and redirects are not followed.
 */
import { pipeline, Readable, Transform } from "node:stream";
import { decoded, flattenHeaders, openRequest, tooLarge } from "./http-client";
import { guardUrl, type Resolver } from "./ssrf";

export type GuardedFetchOptions = { allowPrivate: boolean; resolver: Resolver; maxBytes: number; ca?: string };

const NO_BODY = new Set([204, 205, 304]);

function capped(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
}

async function bodyOf(body: BodyInit | null | undefined): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  return Buffer.from(await new Response(body).arrayBuffer());
}

export function guardedFetch(options: GuardedFetchOptions): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const target = await guardUrl(url, { allowPrivate: options.allowPrivate, resolver: options.resolver });
    const signal = init.signal ?? new AbortController().signal;
    const response = await openRequest({ method: init.method ?? "GET", url, headers, body: await bodyOf(init.body) }, target, signal, options.ca);
    const status = response.statusCode ?? 502;
    const body = NO_BODY.has(status) ? null : (Readable.toWeb(pipeline(decoded(response), capped(options.maxBytes), () => {})) as ReadableStream<Uint8Array>);
    const answer = flattenHeaders(response.headers);
    delete answer["content-encoding"]; // decoded above
    return new Response(body, { status, statusText: response.statusMessage ?? "", headers: answer });
  };
}
