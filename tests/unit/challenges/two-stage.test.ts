// Two-stage calls (decision 032): which stage a call is in, what an applicant may do, and the owner's decision.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AWAITING_DECISION, callPhase, decisionRefusal, editing, mayStart, NO_EOI, NOT_INVITED } from "../../../app/rules/challenges/two-stage";

const date = fc.date({ min: new Date("2026-01-01"), max: new Date("2028-01-01"), noInvalidDate: true });

describe("a two-stage call", () => {
  it("is in stage one strictly before the EOI deadline and in stage two from it; a one-stage call is single", () => {
    fc.assert(fc.property(date, date, (deadline, now) => {
      expect(callPhase(deadline, now)).toBe(now < deadline ? "eoi" : "stage-two");
      expect(callPhase(null, now)).toBe("single");
      expect(mayStart(callPhase(deadline, now))).toBe(now < deadline);
    }));
  });

  it("lets only invited proposals be written in full in stage two; in stage one everyone writes an EOI", () => {
    const state = fc.record({
      stageTwo: fc.constantFrom("invited" as const, "not_invited" as const, null), eoiSent: fc.boolean(), decided: fc.boolean(),
    });
    fc.assert(fc.property(state, (p) => {
      expect(editing("single", p)).toEqual({ mode: "full" });
      expect(editing("eoi", p)).toEqual({ mode: "eoi" });
      const two = editing("stage-two", p);
      expect(two.mode === "full").toBe(p.stageTwo === "invited");
      if (two.mode === "none") {
        expect(two.reason).toBe(p.stageTwo === "not_invited" ? NOT_INVITED : p.eoiSent && !p.decided ? AWAITING_DECISION : NO_EOI);
      }
    }));
  });

  it("the owner decides once, in stage two before it closes, inviting at least one of the EOIs sent", () => {
    fc.assert(fc.property(
      fc.constantFrom("single" as const, "eoi" as const, "stage-two" as const), fc.boolean(), fc.boolean(),
      fc.uniqueArray(fc.uuid(), { maxLength: 4 }), fc.uniqueArray(fc.uuid(), { maxLength: 2 }), fc.nat(4),
      (phase, decided, closed, sent, strangers, take) => {
        const invited = [...sent.slice(0, take), ...(take % 2 ? strangers : [])];
        const refusal = decisionRefusal({ phase, decided, closed }, sent, invited);
        const ok = phase === "stage-two" && !decided && !closed && invited.length > 0 && invited.every((i) => sent.includes(i));
        expect(refusal === null).toBe(ok);
      },
    ));
  });
});
