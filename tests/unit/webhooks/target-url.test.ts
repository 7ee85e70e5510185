// The webhook target rule (decision 039), over classes of addresses and spellings rather than examples:
// every private, loopback, link-local, unique-local, multicast, unspecified or otherwise special address,
// IPv4 or IPv6, in any spelling the URL parser accepts (decimal, hex, octal, short IPv4; IPv4-mapped and
// compressed IPv6), is refused; public unicast addresses and names are accepted over https only; loopback
// (and http) only with the test/development flag; no credentials in the URL.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTargetUrl, refusedAddress } from "../../../app/server/webhooks/target-url.server";

const OFF = { allowLoopback: false };
const ON = { allowLoopback: true };
const octet = fc.integer({ min: 0, max: 255 });

/** An IPv4 address inside a CIDR block, as four octets. */
function inBlock(base: [number, number, number, number], bits: number) {
  return fc.integer({ min: 0, max: 2 ** (32 - bits) - 1 }).map((offset) => {
    const n = ((base[0] << 24) >>> 0) + (base[1] << 16) + (base[2] << 8) + base[3] + offset;
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255] as const;
  });
}

const PRIVATE_V4 = fc.oneof(
  inBlock([10, 0, 0, 0], 8), inBlock([172, 16, 0, 0], 12), inBlock([192, 168, 0, 0], 16), // private
  inBlock([169, 254, 0, 0], 16), // link-local (cloud metadata lives here)
  inBlock([100, 64, 0, 0], 10), // shared address space
  inBlock([0, 0, 0, 0], 8), // "this network"
  inBlock([224, 0, 0, 0], 4), // multicast
  inBlock([240, 0, 0, 0], 4), // reserved, and broadcast
);
const LOOPBACK_V4 = inBlock([127, 0, 0, 0], 8);

/** Well-known public unicast addresses (documentation ranges are "reserved" to ipaddr.js, so not used). */
const PUBLIC_V4 = fc.constantFrom([8, 8, 8, 8], [1, 1, 1, 1], [151, 101, 0, 144], [81, 2, 69, 160], [203, 0, 114, 7], [52, 95, 110, 1]);

/** Every way the WHATWG URL parser lets one spell an IPv4 address in a host. */
function spellings(o: readonly number[]) {
  const n = ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
  return fc.constantFrom(
    o.join("."),
    String(n), // decimal
    `0x${n.toString(16)}`, // hex
    o.map((x) => `0${x.toString(8)}`).join("."), // octal parts
    o.map((x) => `0x${x.toString(16)}`).join("."), // hex parts
    `${o[0]}.${(o[1]! << 16) + (o[2]! << 8) + o[3]!}`, // a.b (24-bit tail)
    `${o[0]}.${o[1]}.${(o[2]! << 8) + o[3]!}`, // a.b.c (16-bit tail)
    `[::ffff:${o.join(".")}]`, // IPv4-mapped IPv6
    `[::ffff:${((o[0]! << 8) + o[1]!).toString(16)}:${((o[2]! << 8) + o[3]!).toString(16)}]`,
    `[0:0:0:0:0:ffff:${o.join(".")}]`,
  );
}

const hex4 = fc.integer({ min: 0, max: 0xffff }).map((x) => x.toString(16));
const tail = (k: number) => fc.array(hex4, { minLength: k, maxLength: k }).map((a) => a.join(":"));
const PRIVATE_V6 = fc.oneof(
  fc.constant("::1"), fc.constant("::"), fc.constant("0:0:0:0:0:0:0:1"),
  fc.tuple(fc.integer({ min: 0xfc00, max: 0xfdff }), tail(7)).map(([h, t]) => `${h.toString(16)}:${t}`), // unique local
  fc.tuple(fc.integer({ min: 0xfe80, max: 0xfebf }), tail(7)).map(([h, t]) => `${h.toString(16)}:${t}`), // link-local
  fc.tuple(fc.integer({ min: 0xff00, max: 0xffff }), tail(7)).map(([h, t]) => `${h.toString(16)}:${t}`), // multicast
  tail(2).map((t) => `64:ff9b::${t}`), // NAT64
  tail(7).map((t) => `2002:${t}`), // 6to4
  tail(6).map((t) => `2001:0:${t}`), // Teredo
);
const PUBLIC_V6 = fc.constantFrom("2a00:1450:4009:81f::200e", "2606:4700:4700::1111", "2001:4860:4860::8888", "2a04:4e42::644");

const url = (host: string, path = "/hooks") => `https://${host}${path}`;

describe("addresses", () => {
  it("refuses every private or special IPv4 address in every spelling, flag on or off", () => {
    fc.assert(fc.property(PRIVATE_V4.chain((o) => spellings(o)), fc.boolean(), (host, allowLoopback) => {
      const r = checkTargetUrl(url(host), { allowLoopback });
      expect(r.ok).toBe(false);
    }));
  });

  it("refuses loopback IPv4 in every spelling unless the flag allows it", () => {
    fc.assert(fc.property(LOOPBACK_V4.chain((o) => spellings(o)), (host) => {
      expect(checkTargetUrl(url(host), OFF).ok).toBe(false);
      expect(checkTargetUrl(url(host), ON).ok).toBe(true);
    }));
  });

  it("accepts public IPv4 in every spelling, and reads them all as the same address", () => {
    fc.assert(fc.property(PUBLIC_V4.chain((o) => spellings(o).map((s) => [o, s] as const)), ([o, host]) => {
      const r = checkTargetUrl(url(host), OFF);
      expect(r.ok).toBe(true);
      if (r.ok && !host.startsWith("[")) expect(r.url.hostname).toBe(o.join("."));
    }));
  });

  it("refuses private and special IPv6 addresses, however they are written", () => {
    fc.assert(fc.property(PRIVATE_V6, fc.boolean(), (address, allowLoopback) => {
      const loopback = address === "::1" || address === "0:0:0:0:0:0:0:1";
      expect(checkTargetUrl(url(`[${address}]`), { allowLoopback }).ok).toBe(loopback && allowLoopback);
      expect(checkTargetUrl(url(`[${address.toUpperCase()}]`), OFF).ok).toBe(false);
      expect(refusedAddress(address, OFF)).not.toBeNull();
    }));
  });

  it("accepts public IPv6 addresses", () => {
    fc.assert(fc.property(PUBLIC_V6, (address) => {
      expect(checkTargetUrl(url(`[${address}]`), OFF).ok).toBe(true);
      expect(refusedAddress(address, OFF)).toBeNull();
    }));
  });

  it("judges an IPv4-mapped IPv6 address as the IPv4 address it carries", () => {
    fc.assert(fc.property(fc.tuple(octet, octet, octet, octet), (o) => {
      const v4 = o.join(".");
      expect(refusedAddress(`::ffff:${v4}`, OFF) === null).toBe(refusedAddress(v4, OFF) === null);
    }));
  });

  it("says what is not an address", () => {
    for (const bad of ["", "example.org", "1.2.3", "::g", "300.1.1.1"]) expect(refusedAddress(bad, OFF)).toBe("is not an IP address");
  });
});

describe("URLs", () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}\.(org|com|gov\.uk|example)$/);

  it("accepts https to any name, and http only with the flag", () => {
    fc.assert(fc.property(name, fc.stringMatching(/^\/[a-z0-9/_-]{0,30}$/), (host, path) => {
      expect(checkTargetUrl(`https://${host}${path}`, OFF).ok).toBe(true);
      expect(checkTargetUrl(`http://${host}${path}`, OFF)).toEqual({ ok: false, reason: "The address must start with https://" });
      expect(checkTargetUrl(`http://${host}${path}`, ON).ok).toBe(true);
    }));
  });

  it("refuses every other scheme, flag on or off", () => {
    fc.assert(fc.property(fc.constantFrom("ftp", "file", "ws", "wss", "gopher", "javascript", "data", "mailto", "ldap", "dict"), name, fc.boolean(), (scheme, host, allowLoopback) => {
      expect(checkTargetUrl(`${scheme}://${host}/x`, { allowLoopback }).ok).toBe(false);
    }));
  });

  it("refuses a user name or password in the address", () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.option(fc.stringMatching(/^[a-z0-9]{1,10}$/), { nil: undefined }), name, (user, pass, host) => {
      const r = checkTargetUrl(`https://${user}${pass ? `:${pass}` : ""}@${host}/`, ON);
      expect(r).toEqual({ ok: false, reason: "The address must not contain a user name or password" });
    }));
  });

  it("refuses localhost and its subdomains unless the flag allows them", () => {
    fc.assert(fc.property(fc.constantFrom("localhost", "LOCALHOST", "localhost.", "api.localhost", "a.b.localhost"), (host) => {
      expect(checkTargetUrl(`https://${host}/`, OFF).ok).toBe(false);
      expect(checkTargetUrl(`https://${host}/`, ON).ok).toBe(true);
    }));
  });

  it("refuses what is not a full address, a fragment, or one too long", () => {
    for (const bad of ["", "example.org/hooks", "//example.org", "https://", "https://exa mple.org"]) expect(checkTargetUrl(bad, OFF).ok).toBe(false);
    expect(checkTargetUrl("https://example.org/#x", OFF).ok).toBe(false);
    expect(checkTargetUrl(`https://example.org/${"a".repeat(2000)}`, OFF).ok).toBe(false);
  });
});

describe("WEBHOOKS_ALLOW_LOOPBACK", () => {
  it("is off unless set, and refused in production", async () => {
    const { parseEnv } = await import("../../../app/server/env.server");
    const key = Buffer.alloc(32, 3).toString("base64");
    expect(parseEnv({}).WEBHOOKS_ALLOW_LOOPBACK).toBe("false");
    expect(parseEnv({ WEBHOOKS_ALLOW_LOOPBACK: "true", NODE_ENV: "test" }).WEBHOOKS_ALLOW_LOOPBACK).toBe("true");
    expect(() => parseEnv({ WEBHOOKS_ALLOW_LOOPBACK: "true", NODE_ENV: "production", TOTP_ENCRYPTION_KEY: key })).toThrow(/WEBHOOKS_ALLOW_LOOPBACK: must not be true in production/);
    expect(() => parseEnv({ WEBHOOKS_ALLOW_LOOPBACK: "yes" })).toThrow(/WEBHOOKS_ALLOW_LOOPBACK/);
  });
});
