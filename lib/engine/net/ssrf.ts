/**
 * SSRF guard for http nodes: a URL may only reach public unicast addresses.
 * The check runs on the addresses DNS returns (all of them) and the caller
 * connects to the checked address only (`pinnedLookup`), so a second DNS
 * answer (rebinding) can't switch the connection to a private address.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { ErrorCode, NodeError } from "../errors";

/** All addresses of a host name. Injected in tests (a fake resolver); the system's resolver otherwise. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** Code of a refused destination; not retryable (the answer won't change). */
export const BLOCKED_CODE = "SSRF_BLOCKED";

/** Where a request may connect: `address` is set when the connection must be pinned to it. */
export interface GuardedTarget {
  url: URL;
  address?: string;
  family?: 4 | 6;
}

export interface GuardOptions {
  allowPrivate: boolean;
  resolver?: Resolver;
}

/**
 * Why an address is refused, or undefined for a public unicast address.
 * Only ipaddr.js's `unicast` range passes; IPv4-mapped IPv6 is judged as the
 * IPv4 it carries; NAT64/6to4/Teredo forms (which embed IPv4) are refused.
 */
export function blockedRange(address: string): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ""));
  } catch {
    return "unparseable";
  }
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  return range === "unicast" ? undefined : range;
}

function blocked(message: string): NodeError {
  return new NodeError(message, BLOCKED_CODE, { retryable: false });
}

function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

/** Only http and https; anything else is a configuration error. */
export function assertHttpUrl(url: URL): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new NodeError(`only http and https URLs are allowed, got "${url.protocol}"`, ErrorCode.VALIDATION_ERROR, { retryable: false });
  }
}

/**
 * Checks one URL (the first request or a redirect hop) after resolving its
 * host; returns the address to connect to. Refuses with SSRF_BLOCKED.
 */
export async function guardUrl(url: URL, options: GuardOptions): Promise<GuardedTarget> {
  assertHttpUrl(url);
  if (options.allowPrivate) return { url };
  return { url, ...(await guardHost(url.hostname, options)) };
}

/** The same check for a bare host (a mail server): the address to connect to, or SSRF_BLOCKED / NETWORK. */
export async function guardHost(host: string, options: GuardOptions): Promise<{ address: string; family: 4 | 6 }> {
  const hostname = host.replace(/^\[|\]$/g, "");
  const hint = "(private addresses are refused unless FLOWMAESTRO_ALLOW_PRIVATE_HTTP=1)";
  if (isLocalName(hostname)) throw blocked(`refused to connect to ${hostname}: a local host name ${hint}`);

  let addresses: string[];
  if (isIP(hostname)) {
    addresses = [hostname];
  } else {
    try {
      addresses = await (options.resolver ?? systemResolver)(hostname);
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new NodeError(`could not resolve ${hostname}${code ? ` (${code})` : ""}`, ErrorCode.NETWORK, { cause: error });
    }
    if (addresses.length === 0) throw new NodeError(`could not resolve ${hostname}`, ErrorCode.NETWORK);
  }
  for (const address of addresses) {
    const range = blockedRange(address);
    if (range) {
      const via = address === hostname ? "" : ` (resolves to ${address})`;
      throw blocked(`refused to connect to ${hostname}${via}: ${range} address ${hint}`);
    }
  }
  const address = addresses[0];
  return { address, family: isIP(address) === 6 ? 6 : 4 };
}

/** A `lookup` for node's http/https/net that answers only the checked address. */
export function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}
