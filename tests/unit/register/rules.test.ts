// The data register's pure rules (decision 034): versioning, approval, the DPIA gate and the history diff,
// as properties over generated declarations and sequences of changes and approvals.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasDpiaIfNeeded, LEGAL_BASES, type Declaration, type Version } from "../../../app/rules/register/entry";
import { dpiaGaps } from "../../../app/rules/register/dpia-gate";
import { changedFields, DECLARATION_FIELDS, history } from "../../../app/rules/register/history";
import {
  approvalRefusal, changeOutcome, DPIA_NEEDED_TO_APPROVE, latestVersion, NOTHING_PENDING, OUT_OF_DATE, pendingVersion, publicVersion,
} from "../../../app/rules/register/versions";

const text = fc.constantFrom("A", "B", "C");
/** Declarations a form can produce: no legal basis or DPIA without personal data; a DPIA done has a date. */
const declaration: fc.Arbitrary<Declaration> = fc.record({
  dataset: text, ownerOrganisation: text, description: text, personalData: fc.boolean(), purpose: text,
  legalBasis: fc.constantFrom(...LEGAL_BASES), retention: text, dpiaDone: fc.boolean(),
  dpiaOn: fc.constantFrom("2026-01-05", "2026-06-30"), access: text,
}).map((d) => ({
  ...d,
  legalBasis: d.personalData ? d.legalBasis : null,
  dpiaDone: d.personalData && d.dpiaDone,
  dpiaOn: d.personalData && d.dpiaDone ? d.dpiaOn : null,
}));

type Step = { kind: "change"; d: Declaration } | { kind: "approve"; stale: boolean };
const step: fc.Arbitrary<Step> = fc.oneof(
  declaration.map((d) => ({ kind: "change" as const, d })),
  fc.boolean().map((stale) => ({ kind: "approve" as const, stale })),
);

/** Plays steps through the rules as the commands do, checking what must hold after each. */
function play(first: Declaration, steps: Step[], check: (before: Version[], after: Version[], s: Step) => void): Version[] {
  let versions: Version[] = [{ ...first, version: 1, status: "pending" }];
  for (const s of steps) {
    const before = versions;
    if (s.kind === "change") {
      const outcome = changeOutcome(versions, s.d);
      if (outcome.kind === "edit-pending") versions = versions.map((v) => (v.version === outcome.version ? { ...v, ...s.d } : v));
      if (outcome.kind === "new-version") versions = [...versions, { ...s.d, version: outcome.version, status: "pending" }];
    } else {
      const expected = (pendingVersion(versions)?.version ?? 0) + (s.stale ? 1 : 0);
      if (approvalRefusal(versions, expected) === null) versions = versions.map((v) => (v.version === expected ? { ...v, status: "approved" } : v));
    }
    check(before, versions, s);
  }
  return versions;
}

describe("versions of an entry", () => {
  it("number 1, 2, 3…, with at most one pending, always the newest", () => {
    fc.assert(fc.property(declaration, fc.array(step, { maxLength: 25 }), (first, steps) => {
      play(first, steps, (_, after) => {
        expect(after.map((v) => v.version)).toEqual(after.map((_, i) => i + 1));
        const pending = after.filter((v) => v.status === "pending");
        expect(pending.length).toBeLessThanOrEqual(1);
        if (pending[0]) expect(pending[0]).toBe(latestVersion(after));
      });
    }));
  });

  it("a change never alters what is public: the approved version stays public until the new one is approved", () => {
    fc.assert(fc.property(declaration, fc.array(step, { maxLength: 25 }), (first, steps) => {
      play(first, steps, (before, after, s) => {
        if (s.kind === "change") expect(publicVersion(after)).toEqual(publicVersion(before));
        // Approved versions are never edited: history keeps each as it was approved.
        for (const v of before.filter((x) => x.status === "approved")) expect(after.find((x) => x.version === v.version)).toEqual(v);
      });
    }));
  });

  it("a change after approval makes a new pending version; before approval it edits the pending one; no change, nothing", () => {
    fc.assert(fc.property(declaration, declaration, (a, b) => {
      const approved: Version[] = [{ ...a, version: 1, status: "approved" }];
      const pending: Version[] = [{ ...a, version: 1, status: "pending" }];
      const differs = changedFields(a, b).length > 0;
      expect(changeOutcome(approved, b)).toEqual(differs ? { kind: "new-version", version: 2 } : { kind: "unchanged" });
      expect(changeOutcome(pending, b)).toEqual(differs ? { kind: "edit-pending", version: 1 } : { kind: "unchanged" });
      expect(changeOutcome([], b)).toEqual({ kind: "new-version", version: 1 });
    }));
  });

  it("approval takes the pending version the approver read, and personal data only with a dated DPIA", () => {
    fc.assert(fc.property(declaration, fc.integer({ min: 1, max: 5 }), (d, expected) => {
      const versions: Version[] = [{ ...d, version: 1, status: "approved" }, { ...d, version: 2, status: "pending" }];
      const refusal = approvalRefusal(versions, expected);
      if (expected !== 2) expect(refusal).toBe(OUT_OF_DATE);
      else expect(refusal).toBe(hasDpiaIfNeeded(d) ? null : DPIA_NEEDED_TO_APPROVE);
      expect(approvalRefusal([{ ...d, version: 1, status: "approved" }], 1)).toBe(NOTHING_PENDING);
    }));
  });
});

describe("the DPIA gate", () => {
  it("stops exactly the entries whose public or pending version has personal data without a dated DPIA", () => {
    const entry = fc.array(fc.tuple(declaration, fc.constantFrom("approved" as const, "pending" as const)), { minLength: 1, maxLength: 4 })
      .map((vs) => ({ versions: vs.map(([d, status], i): Version => ({ ...d, version: i + 1, status: i < vs.length - 1 ? "approved" : status })) }));
    fc.assert(fc.property(fc.array(entry, { maxLength: 5 }), (entries) => {
      const gaps = dpiaGaps(entries);
      for (const e of entries) {
        const current = [publicVersion(e.versions), pendingVersion(e.versions)].filter((v) => v !== null);
        const blocks = current.some((v) => v.personalData && !(v.dpiaDone && v.dpiaOn));
        expect(gaps.includes(e)).toBe(blocks);
      }
    }));
  });

  it("ignores an older approved version superseded by one without personal data", () => {
    const base: Declaration = { dataset: "D", ownerOrganisation: "O", description: "x", personalData: true, purpose: "p", legalBasis: "public_task", retention: "r", dpiaDone: false, dpiaOn: null, access: "a" };
    const without: Declaration = { ...base, personalData: false, legalBasis: null };
    expect(dpiaGaps([{ versions: [{ ...base, version: 1, status: "approved" }, { ...without, version: 2, status: "approved" }] }])).toEqual([]);
    expect(dpiaGaps([{ versions: [{ ...without, version: 1, status: "approved" }, { ...base, version: 2, status: "pending" }] }])).toHaveLength(1);
  });
});

describe("the history", () => {
  it("lists each version once, oldest first, each with exactly the fields that differ from the one before", () => {
    fc.assert(fc.property(fc.array(declaration, { minLength: 1, maxLength: 6 }), (ds) => {
      const versions: Version[] = ds.map((d, i) => ({ ...d, version: i + 1, status: "approved" }));
      const items = history([...versions].reverse());
      expect(items.map((h) => h.version)).toEqual(versions.map((v) => v.version));
      items.forEach((h, i) => {
        const expected = i === 0 ? [] : DECLARATION_FIELDS.filter((f) => ds[i - 1]![f] !== ds[i]![f]);
        expect(h.changed).toEqual(expected);
      });
    }));
  });

  it("a diff is empty only between equal declarations, and the same both ways", () => {
    fc.assert(fc.property(declaration, declaration, (a, b) => {
      expect(changedFields(a, a)).toEqual([]);
      expect(changedFields(a, b)).toEqual(changedFields(b, a));
      expect(changedFields(a, b).length === 0).toBe(JSON.stringify(a) === JSON.stringify({ ...a, ...b }));
    }));
  });
});
