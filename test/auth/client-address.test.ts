// Which address the sign-in limits count under: the TCP peer, X-Forwarded-For only behind a
// configured trusted proxy, IPv6 per /64; the peer is stamped by a real HTTP server.
import assert from "node:assert/strict";
import http from "node:http";
import { test } from "node:test";
import { PEER_HEADER, addressKey, clientAddress, installPeerAddressHeader, parseTrustedProxies } from "../../lib/auth/client-address";

const from = (peer: string, forwarded?: string) => new Headers({ [PEER_HEADER]: peer, ...(forwarded ? { "x-forwarded-for": forwarded } : {}) });

test("without trusted proxies the address is the peer, whatever X-Forwarded-For says", () => {
  const none = parseTrustedProxies(undefined);
  const seen = new Set(["198.51.100.1", "198.51.100.2", "10.0.0.1, 198.51.100.3"].map((xff) => clientAddress(from("203.0.113.5", xff), none)));
  assert.deepEqual([...seen], ["203.0.113.5"], "rotating the header changes nothing");
  // No stamp (not through the app's server): the forgeable header, as before, rather than one bucket for everyone.
  assert.equal(clientAddress(new Headers({ "x-forwarded-for": "198.51.100.1, 10.0.0.1" }), none), "198.51.100.1");
  assert.equal(clientAddress(new Headers(), none), "unknown");
});

test("behind trusted proxies, X-Forwarded-For is read from the right up to the first untrusted hop", () => {
  const trusted = parseTrustedProxies("10.0.0.0/8, ::1 127.0.0.1");
  assert.equal(clientAddress(from("10.0.0.2", "203.0.113.7"), trusted), "203.0.113.7");
  // A client's own forged entries sit left of what the proxy appended: they are never reached.
  assert.equal(clientAddress(from("10.0.0.2", "1.2.3.4, 203.0.113.7"), trusted), "203.0.113.7");
  assert.equal(clientAddress(from("10.0.0.2", "203.0.113.7, 10.0.0.9"), trusted), "203.0.113.7", "two proxies");
  assert.equal(clientAddress(from("::ffff:127.0.0.1", "198.51.100.8"), trusted), "198.51.100.8", "IPv4-mapped peer");
  assert.equal(clientAddress(from("203.0.113.50", "198.51.100.8"), trusted), "203.0.113.50", "an untrusted peer's header is ignored");
  assert.equal(clientAddress(from("10.0.0.2"), trusted), "10.0.0.2", "a trusted peer without the header");
});

test("IPv6 counts per /64; bad settings are named", () => {
  assert.equal(addressKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  assert.equal(addressKey("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
  assert.equal(addressKey("::ffff:192.0.2.1"), "192.0.2.1");
  assert.throws(() => parseTrustedProxies("10.0.0.0/8, proxy.internal"), /FLOWMAESTRO_TRUSTED_PROXIES: "proxy.internal" is not an IP address or CIDR range/);
});

test("a real HTTP server stamps the TCP peer, replacing a header the client forged", async () => {
  installPeerAddressHeader();
  const server = http.createServer((req, res) => res.end(JSON.stringify({ peer: req.headers[PEER_HEADER] ?? null })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  try {
    for (const localAddress of ["127.0.0.1", "127.0.0.2"]) {
      const body = await new Promise<string>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, localAddress, headers: { [PEER_HEADER]: "198.51.100.66", "x-forwarded-for": "198.51.100.77" } }, (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c));
          res.on("end", () => resolve(text));
        });
        req.on("error", reject);
        req.end();
      });
      assert.deepEqual(JSON.parse(body), { peer: localAddress });
    }
  } finally {
    server.close();
  }
});
