// Which address a request comes from, for the sign-in limits. `X-Forwarded-For` is written by
// whoever sends the request, so it counts only behind a proxy the operator names in
// FLOWMAESTRO_TRUSTED_PROXIES; otherwise the address is the TCP peer. Next exposes no peer
// address to route handlers or server actions (it fills X-Forwarded-For with it only when the
// client sent none), so the server stamps it into PEER_HEADER on every request, overwriting
// whatever a client sent under that name (installPeerAddressHeader, from instrumentation.ts).
import http, { type IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";

export const PEER_HEADER = "x-flowmaestro-peer-address";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Parses FLOWMAESTRO_TRUSTED_PROXIES: addresses or CIDR ranges, comma or space separated. */
export function parseTrustedProxies(value: string | undefined): Range[] {
  const ranges: Range[] = [];
  for (const item of (value ?? "").split(/[\s,]+/).filter(Boolean)) {
    try {
      ranges.push(item.includes("/") ? ipaddr.parseCIDR(item) : cidrOf(ipaddr.process(item)));
    } catch {
      throw new Error(`FLOWMAESTRO_TRUSTED_PROXIES: "${item}" is not an IP address or CIDR range (like 10.0.0.0/8 or ::1)`);
    }
  }
  return ranges;
}

function cidrOf(address: ipaddr.IPv4 | ipaddr.IPv6): Range {
  return [address, address.kind() === "ipv4" ? 32 : 128];
}

let cached: { raw: string | undefined; ranges: Range[] } | undefined;
function trustedFromEnv(): Range[] {
  const raw = process.env.FLOWMAESTRO_TRUSTED_PROXIES;
  if (!cached || cached.raw !== raw) cached = { raw, ranges: parseTrustedProxies(raw) };
  return cached.ranges;
}

function parsed(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    return ipaddr.process(text.trim().replace(/^\[|\]$/g, ""));
  } catch {
    return null;
  }
}

function isTrusted(text: string, ranges: Range[]): boolean {
  const address = parsed(text);
  return Boolean(address && ranges.some(([base, bits]) => address.kind() === base.kind() && address.match(base, bits)));
}

/**
 * The key limits count under: IPv4 as is, IPv6 by its /64 (one host usually owns a whole /64,
 * so counting single addresses would let it rotate). Unparseable text is kept as sent.
 */
export function addressKey(text: string): string {
  const address = parsed(text);
  if (!address) return text.trim() || "unknown";
  if (address.kind() === "ipv4") return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(":")}::/64`;
}

/**
 * The client's address as the limits count it (addressKey): the TCP peer, unless the peer is a
 * trusted proxy; then X-Forwarded-For is read from the right, skipping trusted proxies, and the
 * first untrusted hop is the client.
 */
export function clientAddress(headers: Headers, trusted: Range[] = trustedFromEnv()): string {
  const hop = clientHop(headers, trusted);
  return hop ? addressKey(hop) : "unknown";
}

/** The client's address as sent (for the audit log), or null when nothing names it. */
export function clientHop(headers: Headers, trusted: Range[] = trustedFromEnv()): string | null {
  const peer = headers.get(PEER_HEADER)?.trim();
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
  if (!peer) {
    // Not stamped (a server other than Node's http.Server, or instrumentation didn't run). One shared
    // "unknown" bucket would let anyone slow everyone down, so fall back to the old, forgeable header.
    warnUnstamped();
    return forwarded[0] ?? null;
  }
  const chain = [...forwarded, peer];
  for (let i = chain.length - 1; i > 0; i--) if (!isTrusted(chain[i], trusted)) return plain(chain[i]);
  return plain(chain[0]);
}

/** An address in its usual form (IPv4-mapped IPv6 as IPv4); text that isn't one, as sent. */
const plain = (text: string) => parsed(text)?.toString() ?? text.trim();

let warned = false;
function warnUnstamped(): void {
  if (warned || process.env.NODE_ENV === "test") return;
  warned = true;
  console.warn(`[auth] requests carry no ${PEER_HEADER} (instrumentation.ts didn't run?): sign-in limits fall back to X-Forwarded-For, which clients can forge`);
}

const STAMPED = Symbol.for("flowmaestro.peerAddressHeader");

/** Makes every HTTP server of this process stamp the TCP peer into PEER_HEADER before anyone reads the request. */
export function installPeerAddressHeader(): void {
  const proto = http.Server.prototype as http.Server & { [STAMPED]?: boolean };
  if (proto[STAMPED]) return;
  proto[STAMPED] = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as IncomingMessage;
      request.headers[PEER_HEADER] = request.socket?.remoteAddress ?? "";
    }
    return emit.apply(this, [event, ...args]);
  } as typeof proto.emit;
}
