// The one answer to "did this request come from one of our own pages?", for routes a browser's
// cookie (or a link's token) could otherwise be replayed to from another site (CSRF).

/** The host (name[:port]) the browser addressed: the proxy's X-Forwarded-Host, else Host, else the URL's. */
export function requestHost(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return (forwarded || request.headers.get("host") || new URL(request.url).host).toLowerCase();
}

function hostOf(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** True when `origin` (an Origin header) names `host`, or AUTH_URL's host. "null" and junk never match. */
export function originMatchesHost(origin: string | null, host: string | null): boolean {
  const from = hostOf(origin);
  if (from === null || !host) return false;
  return from === host.toLowerCase() || from === hostOf(process.env.AUTH_URL);
}

export type OriginVerdict = { same: true } | { same: false; reason: string };

/**
 * Same origin when the Origin header names the host the request was sent to (or AUTH_URL's);
 * without Origin, when the browser says `Sec-Fetch-Site: same-origin`. Neither header: refused,
 * since every current browser sends one of them on a POST (scripts use API keys instead).
 * Hosts are compared, not schemes: TLS usually ends at a proxy in front of the app.
 */
export function checkSameOrigin(request: Request): OriginVerdict {
  const origin = request.headers.get("origin");
  if (origin !== null) {
    if (originMatchesHost(origin, requestHost(request))) return { same: true };
    return { same: false, reason: `the request came from another site (Origin: ${origin.slice(0, 200)})` };
  }
  const site = request.headers.get("sec-fetch-site");
  if (site === "same-origin") return { same: true };
  if (site !== null) return { same: false, reason: `the request came from another site (Sec-Fetch-Site: ${site.slice(0, 40)})` };
  return { same: false, reason: "the request names no origin (send an Origin header, or use an API key)" };
}

export const isSameOrigin = (request: Request) => checkSameOrigin(request).same;
