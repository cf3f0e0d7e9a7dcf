/**
 * The app's public origin for links in mails, which are written in the background (no request
 * to read a host from): AUTH_URL when set (production), else this server's own port.
 */
export function publicOrigin(): string {
  const configured = process.env.AUTH_URL || process.env.NEXTAUTH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // a malformed AUTH_URL is reported by Auth.js; fall back to the local address
    }
  }
  return `http://localhost:${process.env.PORT || 3000}`;
}

export const approvalPath = (token: string) => `/approve/${token}`;
export const sharePath = (token: string) => `/share/${token}`;
