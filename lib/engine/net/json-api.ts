/**
 * One JSON request to a service's API, for integration nodes (slack, github): the http node's
 * rules (SSRF guard on every hop, size cap, timeout, redirects) with a JSON body and answer.
 * A non-2xx answer fails with HTTP_<status> and the service's own words (retryable for 408, 429, 5xx).
 */
import { parseDuration } from "../duration";
import { decodeBody, statusError } from "../handlers/http";
import { withTimeout } from "../handlers/abort";
import type { ExecuteContext } from "../handlers/types";
import { sendWithRedirects } from "./http-client";
import { guardUrl, type Resolver } from "./ssrf";

export type ApiDependencies = { resolver: Resolver; ca?: string };
export type ApiAnswer = { status: number; data: unknown; headers: Record<string, string> };

export async function callJsonApi(
  ctx: ExecuteContext,
  deps: ApiDependencies,
  request: { method: "GET" | "POST"; url: URL; headers: Record<string, string>; body?: unknown; timeout?: string | number },
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { "user-agent": "FlowMaestro", accept: "application/json", ...request.headers };
  let body: Buffer | undefined;
  if (request.body !== undefined) {
    headers["content-type"] ??= "application/json; charset=utf-8";
    body = Buffer.from(JSON.stringify(request.body));
  }
  const timeoutMs = request.timeout !== undefined ? parseDuration(request.timeout)! : ctx.options.httpTimeoutMs;
  const limit = withTimeout(ctx.signal, timeoutMs, `request timed out after ${timeoutMs} ms`);
  try {
    const response = await sendWithRedirects(
      { method: request.method, url: request.url, headers, body },
      {
        guard: (hopUrl) => guardUrl(hopUrl, { allowPrivate: ctx.options.allowPrivateHttp, resolver: deps.resolver }),
        signal: limit.signal,
        maxBytes: ctx.options.httpMaxResponseBytes,
        ca: deps.ca,
      },
    );
    if (response.status < 200 || response.status > 299) throw statusError(response, request.method);
    return { status: response.status, data: decodeBody(response, request.method), headers: response.headers };
  } finally {
    limit.dispose();
  }
}
