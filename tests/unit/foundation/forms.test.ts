import { describe, expect, it } from "vitest";
import { parseFormData } from "../../../app/server/forms.server";
import { challengeFormSchema } from "../../../app/server/challenges/challenge-form";
import { missingForSubmission, proposalFormSchema } from "../../../app/server/proposals/proposal-form";
import { signInSchema, signUpSchema } from "../../../app/server/accounts/account-forms";
import { createOrgSchema, joinOrgSchema } from "../../../app/server/organisations/organisations.server";

function form(entries: Record<string, string | string[]>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) for (const item of Array.isArray(v) ? v : [v]) fd.append(k, item);
  return fd;
}

const validChallenge = {
  title: "Cleaner air around schools",
  summary: "Cut children's exposure to pollution on the way to school.",
  problemStatement: "Children walking to school breathe some of the most polluted air in the city. ".repeat(2),
  themeId: "2",
  areaIds: ["3", "5"],
  fundingKind: "budget",
  fundingGbp: "50000",
  pilotWeeks: "12",
  "opensAt.day": "1", "opensAt.month": "3", "opensAt.year": "2027",
  "closesAt.day": "20", "closesAt.month": "3", "closesAt.year": "2027",
  blindReview: "yes",
  reviewsPerProposal: "3",
  eligibilityQuestions: "Are you UK registered?\n\nCan you start in March?",
  "criteria[0].name": "Impact", "criteria[0].weight": "60", "criteria[0].threshold": "2.5",
  "criteria[1].name": "Feasibility", "criteria[1].weight": "40",
  "criteria[2].name": "", "criteria[2].weight": "", "criteria[2].description": "",
};

describe("challenge form", () => {
  it("accepts a complete challenge and ignores blank rubric rows", () => {
    const r = parseFormData(form(validChallenge), challengeFormSchema);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.criteria).toEqual([
      { name: "Impact", description: "", weight: 60, threshold: 2.5 },
      { name: "Feasibility", description: "", weight: 40, threshold: null },
    ]);
    expect(r.value.eligibilityQuestions).toEqual(["Are you UK registered?", "Can you start in March?"]);
    expect(r.value.areaIds).toEqual([3, 5]);
    expect(r.value.blindReview).toBe(true);
    // Opens at the start of 1 March and closes at 23:59:59 on 20 March, London time (still GMT: BST starts 28 March).
    expect(r.value.opensAt.toISOString()).toBe("2027-03-01T00:00:00.000Z");
    expect(r.value.closesAt.toISOString()).toBe("2027-03-20T23:59:59.000Z");
  });

  it("uses British Summer Time for summer dates", () => {
    const r = parseFormData(form({ ...validChallenge, "opensAt.month": "6", "closesAt.month": "7", "closesAt.day": "1" }), challengeFormSchema);
    expect(r.ok && r.value.closesAt.toISOString()).toBe("2027-07-01T22:59:59.000Z");
  });

  it("requires the criterion weights to add up to 100, naming the total", () => {
    const r = parseFormData(form({ ...validChallenge, "criteria[1].weight": "30" }), challengeFormSchema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.fields.criteria).toBe("Criterion weights must add up to 100 (they add up to 90)");
    expect(r.errors.summary).toContainEqual({ text: r.errors.fields.criteria, href: "#criteria" });
  });

  it("points each problem at its field and keeps what was typed", () => {
    const r = parseFormData(form({ ...validChallenge, title: "", "closesAt.day": "31", "closesAt.month": "2", fundingGbp: "lots" }), challengeFormSchema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.fields.title).toBe("Enter a title");
    expect(r.errors.fields.closesAt).toBe("The closing date must be a real date, like 27 3 2027");
    expect(r.errors.fields.fundingGbp).toBe("The amount must be a whole number");
    expect(r.errors.summary.map((s) => s.href)).toEqual(expect.arrayContaining(["#title", "#closesAt", "#fundingGbp"]));
    expect(r.errors.values.summary).toBe(validChallenge.summary);
  });

  it("refuses a closing date before the opening date and incomplete rubric rows", () => {
    const r = parseFormData(form({ ...validChallenge, "closesAt.month": "2", "closesAt.day": "1", "criteria[2].description": "orphan" }), challengeFormSchema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.fields.closesAt).toBe("The closing date must be after the opening date");
    expect(r.errors.fields["criteria[2].name"]).toBe("Enter a name for criterion 3");
    expect(r.errors.fields["criteria[2].weight"]).toBe("Weight for criterion 3 must be a whole number from 1 to 100");
  });

  it("needs at least one area and at least one criterion", () => {
    const { areaIds: _a, ...noAreas } = validChallenge;
    const r = parseFormData(form({ ...noAreas, "criteria[0].name": "", "criteria[0].weight": "", "criteria[0].threshold": "", "criteria[1].name": "", "criteria[1].weight": "" }), challengeFormSchema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.fields.areaIds).toBe("Select at least one area");
  });
});

describe("proposal form", () => {
  it("accepts a sparse draft and normalises tags", () => {
    const r = parseFormData(form({ title: "Sensor network", tags: " Sensors, air quality,sensors ,, ", trl: "", requestedGbp: "" }), proposalFormSchema);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.tags).toEqual(["sensors", "air quality"]);
    expect(r.value.trl).toBeUndefined();
    expect(r.value.intent).toBe("save");
  });

  it("refuses a readiness level outside 1 to 9 and a negative budget", () => {
    const r = parseFormData(form({ title: "Sensor network", trl: "10", requestedGbp: "-5" }), proposalFormSchema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.fields.trl).toBe("Select a technology readiness level from 1 to 9");
    expect(r.errors.fields.requestedGbp).toBe("Requested budget must be £0 or more");
  });

  it("lists what a submission still needs, including unanswered eligibility questions", () => {
    const missing = missingForSubmission(
      { title: "T", summary: "", approach: "short", expected_impact: "x".repeat(30), team: "We are three people", requested_gbp: null, trl: 5 },
      [{ id: "q1", question: "UK?" }, { id: "q2", question: "Start soon?" }],
      { q1: "Yes", q2: "  " },
    );
    expect(Object.keys(missing).sort()).toEqual(["answers.q2", "approach", "requestedGbp", "summary"]);
  });
});

describe("account and organisation forms", () => {
  it("lower-cases emails and enforces 8–256 character passwords without composition rules", () => {
    const ok = parseFormData(form({ name: "Ada", email: " Ada@Example.ORG ", password: "all lower case words" }), signUpSchema);
    expect(ok.ok && ok.value.email).toBe("ada@example.org");
    const short = parseFormData(form({ name: "Ada", email: "ada@example.org", password: "1234567" }), signUpSchema);
    expect(!short.ok && short.errors.fields.password).toBe("Password must be 8 characters or more");
    const long = parseFormData(form({ name: "Ada", email: "ada@example.org", password: "x".repeat(257) }), signUpSchema);
    expect(!long.ok && long.errors.fields.password).toBe("Password must be 256 characters or fewer");
  });

  it("never echoes a password back into the page data", () => {
    const r = parseFormData(form({ email: "not-an-email", password: "secret-password" }), signInSchema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(JSON.stringify(r.errors)).not.toContain("secret-password");
  });

  it("validates organisation kind, website and joining code format", () => {
    const r = parseFormData(form({ name: "Camden", kind: "charity", website: "camden" }), createOrgSchema);
    expect(!r.ok && r.errors.fields.kind).toBe("Select the kind of organisation");
    expect(!r.ok && r.errors.fields.website).toMatch(/starting with https/);
    const code = parseFormData(form({ code: "abcd-2345" }), joinOrgSchema);
    expect(code.ok && code.value.code).toBe("ABCD-2345");
  });
});
