// The rules of organisation single sign-on (decision 040), on generated inputs: which domains and issuers
// are accepted, the DNS record that proves a domain, and who the provider's word lets in.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkIdentity, emailDomain, issuerProblem, nameFromClaims, normaliseDomain, txtRecordsProve, verificationRecordName, verificationRecordValue,
} from "../../../app/rules/sso/sso";
import { decryptClientSecret, encryptClientSecret } from "../../../app/server/sso/secrets.server";
import { parseEnv } from "../../../app/server/env.server";

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
const tld = fc.stringMatching(/^[a-z][a-z0-9]{1,9}$/);
const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 4 }), tld).map(([ls, t]) => [...ls, t].join("."));
const local = fc.stringMatching(/^[a-z0-9._+-]{1,30}$/);

describe("domains", () => {
  it("keeps every well-formed domain as it is, whatever case, @ or final dot it is typed with", () => {
    fc.assert(fc.property(domain, fc.boolean(), fc.boolean(), fc.boolean(), (d, at, dot, upper) => {
      const typed = `${at ? "@" : ""}${upper ? d.toUpperCase() : d}${dot ? "." : ""}`;
      expect(normaliseDomain(`  ${typed} `)).toBe(d);
    }));
  });

  it("refuses single labels, IP addresses, empty labels, bad characters and over-long names", () => {
    fc.assert(fc.property(label, (l) => {
      expect(normaliseDomain(l)).toBeNull();
    }));
    fc.assert(fc.property(fc.ipV4(), (ip) => {
      expect(normaliseDomain(ip)).toBeNull();
    }));
    fc.assert(fc.property(domain, fc.constantFrom("..", "_", " ", "/", ":", "*", "é"), (d, bad) => {
      expect(normaliseDomain(d.replace(".", bad === ".." ? ".." : `${bad}.`))).toBeNull();
    }));
    expect(normaliseDomain(`${"a".repeat(63)}.`.repeat(4) + "uk")).toBeNull();
    expect(normaliseDomain("-camden.gov.uk")).toBeNull();
    expect(normaliseDomain("camden-.gov.uk")).toBeNull();
  });

  it("takes an address's domain after its last @", () => {
    fc.assert(fc.property(local, domain, (l, d) => {
      expect(emailDomain(`${l}@${d.toUpperCase()}`)).toBe(d);
    }));
    expect(emailDomain("no-at-sign")).toBeNull();
    expect(emailDomain("trailing@")).toBeNull();
  });
});

describe("the DNS proof", () => {
  it("is found among other TXT records, split in chunks or not, and no other token proves it", () => {
    const token = fc.stringMatching(/^[a-z2-7]{32}$/);
    fc.assert(fc.property(token, token, fc.array(fc.string(), { maxLength: 3 }), fc.integer({ min: 1, max: 31 }), (t, other, noise, cut) => {
      const value = verificationRecordValue(t);
      const records = [...noise.map((n) => [n]), [value.slice(0, cut + 29), value.slice(cut + 29)]];
      expect(txtRecordsProve(records, t)).toBe(true);
      if (other !== t) expect(txtRecordsProve([[verificationRecordValue(other)], ...noise.map((n) => [n])], t)).toBe(false);
    }));
    expect(verificationRecordName("camden.gov.uk")).toBe("_civic-challenge.camden.gov.uk");
  });
});

describe("issuers", () => {
  it("accepts https addresses, and http only when the operator allowed it", () => {
    fc.assert(fc.property(domain, fc.webPath(), (d, path) => {
      expect(issuerProblem(`https://${d}${path}`, false)).toBeNull();
      expect(issuerProblem(`http://${d}${path}`, false)).toMatch(/https:\/\//);
      expect(issuerProblem(`http://${d}${path}`, true)).toBeNull();
    }));
  });

  it("refuses what is not an address, other schemes, credentials, queries and fragments", () => {
    for (const bad of ["login.microsoftonline.com", "ftp://idp.example", "javascript:alert(1)", "https://user:pw@idp.example", "https://idp.example/?tenant=x", "https://idp.example/#x"]) {
      expect(issuerProblem(bad, true), bad).not.toBeNull();
    }
  });

  it("may be http only outside production", () => {
    expect(parseEnv({ SSO_ALLOW_INSECURE_HTTP: "true" }).SSO_ALLOW_INSECURE_HTTP).toBe("true");
    expect(parseEnv({}).SSO_ALLOW_INSECURE_HTTP).toBe("false");
    expect(() => parseEnv({ NODE_ENV: "production", TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"), SSO_ALLOW_INSECURE_HTTP: "true" })).toThrow(/SSO_ALLOW_INSECURE_HTTP/);
  });
});

describe("who the provider's word lets in", () => {
  it("lets in exactly a verified address at one of the organisation's verified domains", () => {
    fc.assert(fc.property(local, domain, fc.array(domain, { maxLength: 3 }), fc.constantFrom(true, false, "true", 1, undefined, null), (l, d, others, verified) => {
      const email = `${l}@${d}`;
      const result = checkIdentity({ email: email.toUpperCase(), email_verified: verified }, [...others, d]);
      if (verified === true) expect(result).toEqual({ ok: true, email, domain: d });
      else expect(result).toEqual({ ok: false, reason: "email-not-verified" });
      if (!others.includes(d)) expect(checkIdentity({ email, email_verified: true }, others)).toEqual({ ok: false, reason: "domain-not-verified" });
    }));
  });

  it("refuses no address, or one that only ends like a verified domain", () => {
    for (const email of [undefined, "", 42, null]) expect(checkIdentity({ email, email_verified: true }, ["camden.gov.uk"])).toEqual({ ok: false, reason: "no-email" });
    expect(checkIdentity({ email: "eve@evilcamden.gov.uk", email_verified: true }, ["camden.gov.uk"])).toEqual({ ok: false, reason: "domain-not-verified" });
    expect(checkIdentity({ email: "eve@camden.gov.uk.evil.example", email_verified: true }, ["camden.gov.uk"])).toEqual({ ok: false, reason: "domain-not-verified" });
    expect(checkIdentity({ email: "eve@evil.example@camden.gov.uk", email_verified: true }, ["camden.gov.uk"])).toEqual({ ok: false, reason: "domain-not-verified" });
  });

  it("names a new account from the name, the given and family names, or the address", () => {
    expect(nameFromClaims({ name: "  Ada   Lovelace " }, "a@x.example")).toBe("Ada Lovelace");
    expect(nameFromClaims({ given_name: "Ada", family_name: "Lovelace" }, "a@x.example")).toBe("Ada Lovelace");
    expect(nameFromClaims({ name: 7 }, "ada.l@x.example")).toBe("ada.l");
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (n) => {
      expect(nameFromClaims({ name: n }, "a@x.example").length).toBeLessThanOrEqual(100);
    }));
  });
});

describe("client secrets at rest", () => {
  it("come back as they went in, and are never stored as they are", () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 200 }), (secret) => {
      const stored = encryptClientSecret(secret);
      expect(decryptClientSecret(stored)).toBe(secret);
      if (secret.length >= 4) expect(stored.includes(Buffer.from(secret))).toBe(false);
    }), { numRuns: 50 });
    const stored = encryptClientSecret("secret");
    stored[14] = stored[14]! ^ 1;
    expect(() => decryptClientSecret(stored)).toThrow();
  });
});
