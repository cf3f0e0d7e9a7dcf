/**
 * What a redirect may carry to its next hop. A user's headers often hold credentials under names
 * no list can foresee (`x-api-key`, `private-token`, `x-auth`…), so a hop to another origin keeps
 * only headers that describe the request, never who sends it; and an https hop never continues
 * over plain http unless the node says so.
 */
import { ErrorCode, NodeError } from "../errors";
import type { HttpRequest } from "./http-client";

/** Kept on a hop to another origin (lower case). Documented in docs/spec/workflow-format.md (http). */
export const CROSS_ORIGIN_SAFE_HEADERS: readonly string[] = ["accept", "accept-language", "user-agent"];
/** Describe the body: they go along (to any origin) exactly when the body is sent again (307, 308). */
export const BODY_HEADERS: readonly string[] = ["content-type", "content-length", "content-encoding", "content-language"];

export interface RedirectPolicy {
  /** Follow a redirect from https to http (the node's `allowInsecureRedirects`). */
  allowInsecureRedirects?: boolean;
}

/** "https://a.example/login" without query or fragment: they may carry tokens. */
function place(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * The request for redirect number `hop` (1-based). 303, and 301/302 after POST, become GET without
 * a body, as browsers do; 307/308 send the same method and body again.
 */
export function redirected(request: HttpRequest, status: number, location: string, hop: number, policy: RedirectPolicy = {}): HttpRequest {
  let url: URL;
  try {
    url = new URL(location, request.url);
  } catch {
    throw new NodeError(`redirect ${hop} to an invalid URL: ${location}`, ErrorCode.NETWORK, { retryable: false });
  }
  if (request.url.protocol === "https:" && url.protocol === "http:" && !policy.allowInsecureRedirects) {
    throw new NodeError(
      `redirect ${hop} from ${place(request.url)} to ${place(url)} leaves HTTPS for plain HTTP; not followed (set allowInsecureRedirects: true on the node to allow it)`,
      ErrorCode.NETWORK,
      { retryable: false },
    );
  }
  const toGet = status === 303 ? request.method !== "HEAD" : (status === 301 || status === 302) && request.method === "POST";
  const crossOrigin = url.origin !== request.url.origin;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    const keep = BODY_HEADERS.includes(lower) ? !toGet : !crossOrigin || CROSS_ORIGIN_SAFE_HEADERS.includes(lower);
    if (keep) headers[name] = value;
  }
  return { method: toGet ? "GET" : request.method, url, headers, body: toGet ? undefined : request.body };
}
