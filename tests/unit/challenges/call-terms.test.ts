import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLOSING_ONLY_LATER, OPENING_FIXED, reviewTermsChange, type CallTerms } from "../../../app/rules/challenges/call-terms";

// Days in UTC for the rule's calendar; the London calendar is the command's (tests/integration/clarifications).
const key = (d: Date) => d.toISOString().slice(0, 10);
const day = { key, format: (d: Date) => `day ${key(d)}` };
const DAY = 86_400_000;
const date = fc.date({ min: new Date("2026-01-01"), max: new Date("2028-01-01"), noInvalidDate: true });
const criterion = fc.record({
  name: fc.string({ minLength: 1, maxLength: 12 }),
  description: fc.string({ maxLength: 12 }),
  weight: fc.integer({ min: 1, max: 100 }),
  threshold: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
});
const terms: fc.Arbitrary<CallTerms> = fc.record({
  opensAt: date,
  closesAt: date,
  criteria: fc.array(criterion, { minLength: 1, maxLength: 4 }),
  eligibilityQuestions: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 3 }),
  requiredAnswers: fc.array(fc.record({
    question: fc.string({ minLength: 1, maxLength: 10 }),
    options: fc.constantFrom(["Yes", "No"], ["Small", "Medium", "Large"]),
    accepted: fc.constantFrom(["Yes"], ["No"], ["Small"]),
  }), { maxLength: 2 }),
});

describe("what an open call may change", () => {
  it("before the call opens, anything changes and nothing needs publishing", () => {
    fc.assert(fc.property(terms, terms, (a, b) => {
      expect(reviewTermsChange(a, b, false, day)).toEqual({ ok: true, changes: [] });
    }));
  });

  it("once open, unchanged terms need no clarification", () => {
    fc.assert(fc.property(terms, (a) => {
      expect(reviewTermsChange(a, structuredClone(a), true, day)).toEqual({ ok: true, changes: [] });
    }));
  });

  it("once open, the opening date is fixed and the closing date never moves earlier", () => {
    fc.assert(fc.property(terms, fc.integer({ min: 1, max: 400 }), (a, days) => {
      const earlier = reviewTermsChange(a, { ...a, closesAt: new Date(a.closesAt.getTime() - days * DAY) }, true, day);
      expect(earlier).toEqual({ ok: false, field: "closesAt", message: CLOSING_ONLY_LATER });
      const moved = reviewTermsChange(a, { ...a, opensAt: new Date(a.opensAt.getTime() + (days % 2 ? days : -days) * DAY) }, true, day);
      expect(moved).toEqual({ ok: false, field: "opensAt", message: OPENING_FIXED });
    }));
  });

  it("once open, another time on the same calendar day is the same date", () => {
    fc.assert(fc.property(terms, (a) => {
      const sameDay = (d: Date) => new Date(`${key(d)}T23:59:59.999Z`);
      expect(reviewTermsChange(a, { ...a, opensAt: sameDay(a.opensAt), closesAt: sameDay(a.closesAt) }, true, day)).toEqual({ ok: true, changes: [] });
    }));
  });

  it("once open, every other difference in the terms is a change to publish, named by its field", () => {
    fc.assert(fc.property(terms, terms, fc.integer({ min: 0, max: 400 }), (a, b, later) => {
      const after: CallTerms = { ...b, opensAt: a.opensAt, closesAt: new Date(a.closesAt.getTime() + later * DAY) };
      const review = reviewTermsChange(a, after, true, day);
      if (!review.ok) throw new Error("a later closing date is allowed");
      const fields = review.changes.map((c) => c.field);
      expect(fields.includes("closingDate")).toBe(later > 0);
      expect(fields.includes("criteria")).toBe(JSON.stringify(a.criteria) !== JSON.stringify(b.criteria.map((c) => ({ ...c }))));
      expect(fields.includes("eligibilityQuestions")).toBe(JSON.stringify(a.eligibilityQuestions) !== JSON.stringify(b.eligibilityQuestions));
      expect(fields.includes("requiredAnswers")).toBe(JSON.stringify(a.requiredAnswers) !== JSON.stringify(b.requiredAnswers));
      const closing = review.changes.find((c) => c.field === "closingDate");
      if (closing) expect(closing).toEqual({ field: "closingDate", from: day.format(a.closesAt), to: day.format(after.closesAt) });
    }));
  });

  it("a rubric whose words read alike but differ as data is still a change", () => {
    const base: CallTerms = { opensAt: new Date("2026-01-01"), closesAt: new Date("2026-03-01"), eligibilityQuestions: [], requiredAnswers: [], criteria: [
      { name: "Impact; Cost (weight 50)", description: "", weight: 50, threshold: null },
      { name: "Team", description: "", weight: 50, threshold: null },
    ] };
    const review = reviewTermsChange(base, { ...base, criteria: [{ ...base.criteria[0], threshold: 3 }, base.criteria[1]] }, true, day);
    expect(review).toMatchObject({ ok: true, changes: [{ field: "criteria" }] });
  });
});
