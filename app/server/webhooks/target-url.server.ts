// Where a webhook may be sent (decision 039). Pure: no DNS, no I/O. A target is an https URL (http too when
// loopback delivery is allowed, for tests and development) with no user name or password in it, whose host,
// if it is an address, is a public unicast one. The same address rule is applied again at delivery time to
// every address the host name resolves to (jobs/webhooks/deliver.ts), which is what defeats a name that
// points at an internal address, or is re-pointed at one after registration (DNS rebinding).
//
// The URL is read with the WHATWG parser, so every spelling of an IPv4 address it accepts (decimal
// 2130706433, hex 0x7f.1, octal 0177.0.0.1, short forms) comes out as four decimal parts before the rule
// sees it; IPv6 literals come out bracketed and compressed. Address classes are ipaddr.js's, not our own
// table: only its "unicast" range passes. IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address
// it carries; the other IPv6 ranges that embed an IPv4 address (NAT64, 6to4, Teredo, SIIT) are refused,
// since what they reach cannot be told from here.
import ipaddr from "ipaddr.js";

export interface TargetRule {
  /** WEBHOOKS_ALLOW_LOOPBACK: http, and loopback addresses (127.0.0.0/8, ::1, localhost), are accepted. */
  allowLoopback: boolean;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

const MAX_URL_LENGTH = 2000;

/** Is this IP address (as text, IPv4 or IPv6 without brackets) one a webhook may be sent to? Null when it may. */
export function refusedAddress(address: string, rule: TargetRule): string | null {
  // Strict forms only: four decimal parts, or IPv6. (What DNS and the URL parser hand over is always one.)
  const v4 = ipaddr.IPv4.isValidFourPartDecimal(address);
  if (!v4 && !ipaddr.IPv6.isValid(address)) return "is not an IP address";
  let parsed: ipaddr.IPv4 | ipaddr.IPv6 = v4 ? ipaddr.IPv4.parse(address) : ipaddr.IPv6.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === "unicast") return null;
  if (range === "loopback" && rule.allowLoopback) return null;
  return `is a ${RANGE_WORDS[range] ?? "reserved"} address`;
}

const RANGE_WORDS: Record<string, string> = {
  loopback: "loopback", private: "private", linkLocal: "link-local", uniqueLocal: "unique local (private)", multicast: "multicast",
  unspecified: "unspecified", broadcast: "broadcast", carrierGradeNat: "shared (carrier-grade NAT)", reserved: "reserved",
  ipv4Mapped: "IPv4-mapped", rfc6052: "NAT64", rfc6145: "SIIT", "6to4": "6to4", teredo: "Teredo", benchmarking: "benchmarking",
};

/** The host of a parsed URL as an address, when it is one (IPv6 without its brackets); null for a name. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname;
  if (host.startsWith("[") && host.endsWith("]")) return host.slice(1, -1);
  return ipaddr.IPv4.isValidFourPartDecimal(host) ? host : null;
}

/** localhost and its subdomains always mean this machine (RFC 6761), whatever DNS says. */
function isLocalhostName(host: string): boolean {
  const h = host.replace(/\.$/, "").toLowerCase();
  return h === "localhost" || h.endsWith(".localhost");
}

/** The URL a webhook may be registered with, or why not, in words for the form. */
export function checkTargetUrl(raw: string, rule: TargetRule): UrlCheck {
  const text = raw.trim();
  if (text.length > MAX_URL_LENGTH) return { ok: false, reason: `The address must be ${MAX_URL_LENGTH} characters or fewer` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: "Enter a full web address, like https://example.org/webhooks" };
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && rule.allowLoopback)) {
    return { ok: false, reason: "The address must start with https://" };
  }
  if (url.username || url.password) return { ok: false, reason: "The address must not contain a user name or password" };
  if (url.hash) return { ok: false, reason: "The address must not contain a # part" };
  const address = literalAddress(url);
  if (address) {
    const refused = refusedAddress(address, rule);
    if (refused) return { ok: false, reason: `The address ${refused}: use a public address` };
  } else if (isLocalhostName(url.hostname) && !rule.allowLoopback) {
    return { ok: false, reason: "The address is this machine (localhost): use a public address" };
  }
  return { ok: true, url };
}
