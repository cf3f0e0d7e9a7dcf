// The security headers of every answer: pages get a per-request nonce CSP from proxy.ts, API
// routes and static files a fixed set from next.config.ts. No imports: next.config loads this.

type Env = Record<string, string | undefined>;

/** The share page's iframe-able variant: the page answers only when the owner allowed embedding. */
export const EMBED_PATH = /^\/share\/[^/]+\/embed\/?$/;
/** Pages whose URL carries a secret token: never sent on as a Referer. */
const TOKEN_PAGE = /^\/(approve|share)\//;

export function referrerPolicyFor(pathname: string): string {
  return TOKEN_PAGE.test(pathname) ? "no-referrer" : "strict-origin-when-cross-origin";
}

/** A fresh nonce per page request (128 random bits). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

/**
 * The page policy. Scripts: only those carrying this request's nonce (Next adds it to its own)
 * and what they load ('strict-dynamic'). Styles: <style> elements need the nonce, style
 * attributes are allowed: React Flow positions every node, edge and the viewport with inline
 * styles, and a style attribute cannot run code. No upgrade-insecure-requests: self-hosted
 * instances are often served over plain http on a private network.
 */
export function contentSecurityPolicy(options: { nonce: string; pathname: string; env?: Env }): string {
  const env = options.env ?? process.env;
  const dev = env.NODE_ENV === "development";
  const nonce = `'nonce-${options.nonce}'`;
  // Trigger.dev's realtime hooks read the run from its API in the browser.
  const trigger = env.TRIGGER_SECRET_KEY ? (originOf(env.TRIGGER_API_URL) ?? "https://api.trigger.dev") : null;
  // A form post that signs in with GitHub/Google is redirected there (form-action covers redirects).
  const oauth = [env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET ? "https://github.com" : null, env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET ? "https://accounts.google.com" : null];
  const directives: [string, ...(string | null)[]][] = [
    ["default-src", "'self'"],
    // Development only: React's dev build evaluates code, Next's dev server injects <style> tags.
    ["script-src", "'self'", nonce, "'strict-dynamic'", dev ? "'unsafe-eval'" : null],
    ["style-src", "'self'", dev ? "'unsafe-inline'" : nonce],
    ["style-src-attr", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", trigger],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'", ...oauth],
    ["frame-ancestors", EMBED_PATH.test(options.pathname) ? "*" : "'none'"],
  ];
  return directives.map(([name, ...values]) => [name, ...values.filter(Boolean)].join(" ")).join("; ");
}

/** Everything a page answer carries (set by proxy.ts on pages, redirects included). */
export function pageSecurityHeaders(pathname: string, nonce: string, env?: Env): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy({ nonce, pathname, env }),
    "x-content-type-options": "nosniff",
    "referrer-policy": referrerPolicyFor(pathname),
    // For browsers without CSP frame-ancestors; the embed page is left to its CSP.
    ...(EMBED_PATH.test(pathname) ? {} : { "x-frame-options": "DENY" }),
  };
}

/** API answers are data, never documents: nothing may load or frame them. */
export const API_SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};
