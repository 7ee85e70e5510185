// Required answers (decision 031): reading the owner's rows, and what an applicant's answer means.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRequiredAnswers, readRequiredAnswerRow, refusalFor, YES_NO } from "../../../app/rules/challenges/required-answers";

const word = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,14}[A-Za-z]$/);
const question = fc.record({
  id: fc.uuid(),
  question: word,
  options: fc.uniqueArray(word, { minLength: 2, maxLength: 5, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() }),
}).chain((q) => fc.subarray(q.options, { minLength: 1, maxLength: q.options.length - 1 }).map((accepted) => ({ ...q, accepted })));

describe("reading a required answer row", () => {
  it("a blank row is ignored; choices left blank mean Yes or No", () => {
    expect(readRequiredAnswerRow({ question: " ", options: "\n", accepted: "" }, 1)).toEqual({ kind: "blank" });
    expect(readRequiredAnswerRow({ question: "Are you registered in the UK?", accepted: "yes" }, 1))
      .toEqual({ kind: "ok", value: { question: "Are you registered in the UK?", options: YES_NO, accepted: ["Yes"] } });
  });

  it("any row whose accepted answers are a proper subset of its choices reads back as typed, whatever the case", () => {
    fc.assert(fc.property(question, fc.boolean(), (q, shout) => {
      const typed = q.accepted.map((a) => (shout ? a.toUpperCase() : a)).join("\r\n");
      const read = readRequiredAnswerRow({ question: q.question, options: q.options.join("\n"), accepted: typed }, 2);
      expect(read).toEqual({ kind: "ok", value: { question: q.question, options: q.options, accepted: q.accepted } });
    }));
  });

  it("refuses rows that rule nobody out, name an answer that is not a choice, or lack a part", () => {
    const bad = (row: Parameters<typeof readRequiredAnswerRow>[0]) => {
      const r = readRequiredAnswerRow(row, 3);
      return r.kind === "invalid" ? r.errors : {};
    };
    expect(bad({ question: "UK?", accepted: "Yes\nNo" })).toHaveProperty("accepted", expect.stringMatching(/rules nobody out/));
    expect(bad({ question: "UK?", accepted: "Maybe" })).toHaveProperty("accepted", expect.stringMatching(/not one of required answer 3's choices/));
    expect(bad({ question: "UK?", options: "Only one", accepted: "Only one" })).toHaveProperty("options");
    expect(bad({ options: "A\nB", accepted: "A" })).toHaveProperty("question");
    expect(bad({ question: "UK?" })).toHaveProperty("accepted");
  });
});

describe("an applicant's answers", () => {
  it("an answer can apply exactly when it is one of the accepted ones; every other choice is refused with a reason", () => {
    fc.assert(fc.property(question, (q) => {
      for (const o of q.options) {
        const reason = refusalFor(q, o);
        expect(reason === null).toBe(q.accepted.includes(o));
        if (reason) expect(reason).toContain(q.question);
      }
    }));
  });

  it("missing or forged answers are unanswered, not refused; a refusal names each failing question", () => {
    fc.assert(fc.property(fc.array(question, { minLength: 1, maxLength: 3 }), fc.string(), (qs, forged) => {
      fc.pre(!qs.some((q) => q.options.includes(forged)));
      const allAccepted = Object.fromEntries(qs.map((q) => [q.id, q.accepted[0]!]));
      expect(checkRequiredAnswers(qs, allAccepted)).toEqual({ kind: "ok" });
      const forgedOne = { ...allAccepted, [qs[0]!.id]: forged };
      expect(checkRequiredAnswers(qs, forgedOne)).toMatchObject({ kind: "unanswered", missing: { [`answers.${qs[0]!.id}`]: expect.any(String) } });
      const { [qs[0]!.id]: _, ...missingOne } = allAccepted;
      expect(checkRequiredAnswers(qs, missingOne).kind).toBe("unanswered");
      const failing = qs[0]!.options.find((o) => !qs[0]!.accepted.includes(o))!;
      const refused = checkRequiredAnswers(qs, { ...allAccepted, [qs[0]!.id]: failing });
      expect(refused).toEqual({ kind: "refused", reasons: [refusalFor(qs[0]!, failing)] });
    }));
  });
});
