// The proposal's and the pilot plan's task lists are worked out from what is saved, by pure functions: the
// statuses must agree with the rule the submit command applies (missingForSubmission), so the list never
// says "Completed" of a section a submission would refuse, nor opens "Check and submit" too early.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROPOSAL_MINIMUMS } from "../../../app/lib/field-limits";
import { pilotPlanTasks } from "../../../app/lib/pilots";
import { missingForSubmission } from "../../../app/server/proposals/proposal-form";
import { proposalSections, proposalTasks, type ProposalForTasks } from "../../../app/server/proposals/proposal-tasks";

const OPTS = { attachments: 0, submitted: false, checkHref: "/my/proposals/p/check" };

// Texts around each minimum (blank, whitespace, just short, just long enough, long), so every branch is hit.
const text = (min: number) => fc.oneof(
  fc.constant(""), fc.constant("   "), fc.constant("x".repeat(min - 1)), fc.constant("x".repeat(min)), fc.constant(` ${"y".repeat(min - 1)} `), fc.string({ maxLength: 80 }),
);
const proposal: fc.Arbitrary<ProposalForTasks> = fc.record({
  title: fc.oneof(fc.constant("Proposal for a challenge"), fc.string({ minLength: 5, maxLength: 20 })),
  summary: text(PROPOSAL_MINIMUMS.summary),
  approach: text(PROPOSAL_MINIMUMS.approach),
  expected_impact: text(PROPOSAL_MINIMUMS.expectedImpact),
  team: text(PROPOSAL_MINIMUMS.team),
  requested_gbp: fc.option(fc.nat(1_000_000), { nil: null }),
  trl: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
  questions: fc.uniqueArray(fc.uuid(), { maxLength: 3 }).chain((ids) =>
    fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), question: fc.constant("Are you registered?"), answer: fc.oneof(fc.constant(""), fc.constant(" "), fc.constant("Yes")) })))),
});
const missingOf = (p: ProposalForTasks) => missingForSubmission(p, p.questions, Object.fromEntries(p.questions.map((q) => [q.id, q.answer])));

describe("the proposal's task list", () => {
  it("calls a section Completed exactly when a submission would find nothing missing in it", () => {
    fc.assert(fc.property(proposal, (p) => {
      const missing = missingOf(p);
      const tasks = proposalTasks(p, OPTS);
      for (const s of proposalSections(p.questions)) {
        const task = tasks.find((t) => t.id === s.id)!;
        expect(task.status === "completed").toBe(s.fields.every((f) => !(f in missing)));
      }
    }));
  });

  it("covers every field a submission can find missing, each in one section", () => {
    fc.assert(fc.property(proposal, (p) => {
      const fields = proposalSections(p.questions).flatMap((s) => s.fields);
      expect(new Set(fields).size).toBe(fields.length);
      for (const name of Object.keys(missingOf(p))) expect(fields).toContain(name);
    }));
  });

  it("opens Check and submit only when nothing is missing, and links to the check page then", () => {
    fc.assert(fc.property(proposal, (p) => {
      const check = proposalTasks(p, OPTS).at(-1)!;
      const ready = Object.keys(missingOf(p)).length === 0;
      expect(check).toMatchObject(ready ? { status: "not-started", href: OPTS.checkHref } : { status: "cannot-start", href: null });
    }));
  });

  it("says Not yet started of a section with nothing filled in, never of one with something in it", () => {
    const blank: ProposalForTasks = { title: "Proposal for X", summary: "", approach: "", expected_impact: "", team: "", requested_gbp: null, trl: null, questions: [{ id: "q1", question: "Q?", answer: "" }] };
    expect(proposalTasks(blank, OPTS).map((t) => [t.id, t.status])).toEqual([
      ["describe", "not-started"], ["approach", "not-started"], ["impact", "not-started"], ["team", "not-started"], ["funding", "not-started"],
      ["eligibility", "not-started"], ["attachments", "optional"], ["check", "cannot-start"],
    ]);
    const some = proposalTasks({ ...blank, approach: "Short", requested_gbp: 1000, questions: [{ id: "q1", question: "Q?", answer: "Yes" }] }, OPTS);
    expect(Object.fromEntries(some.map((t) => [t.id, t.status]))).toMatchObject({ approach: "incomplete", funding: "incomplete", eligibility: "completed" });
  });

  it("leaves out Eligibility questions when the challenge asks none; attachments are Completed once there is one; a submitted proposal's check is done", () => {
    fc.assert(fc.property(proposal, fc.nat(5), (p, files) => {
      const tasks = proposalTasks({ ...p, questions: [] }, { ...OPTS, attachments: files, submitted: true });
      expect(tasks.some((t) => t.id === "eligibility")).toBe(false);
      expect(tasks.find((t) => t.id === "attachments")!.status).toBe(files > 0 ? "completed" : "optional");
      expect(tasks.at(-1)).toMatchObject({ status: "completed", href: null });
    }));
  });
});

describe("the pilot plan's task list", () => {
  it("opens approval when approvePlan's rule holds (both dates, a KPI), and links to it only for the public body", () => {
    fc.assert(fc.property(fc.boolean(), fc.boolean(), fc.nat(3), fc.nat(3), fc.constantFrom("public_body", "startup", "corporate", null), (start, end, milestones, kpis, role) => {
      const tasks = pilotPlanTasks({ status: "draft", startsOn: start ? "2027-01-01" : null, endsOn: end ? "2027-06-01" : null, milestones, kpis, role: role as never });
      const approval = tasks.find((t) => t.id === "approval")!;
      const ready = start && end && kpis > 0;
      expect(approval.status).toBe(ready ? "not-started" : "cannot-start");
      expect(approval.href).toBe(ready && role === "public_body" ? "#approve-heading" : null);
      expect(tasks.find((t) => t.id === "dates")!.status).toBe(start && end ? "completed" : start || end ? "incomplete" : "not-started");
      expect(tasks.find((t) => t.id === "kpis")!.status).toBe(kpis > 0 ? "completed" : "not-started");
      expect(tasks.find((t) => t.id === "milestones")!.status).toBe(milestones > 0 ? "completed" : "not-started");
    }));
  });

  it("calls an approved plan's approval Completed", () => {
    const tasks = pilotPlanTasks({ status: "running", startsOn: "2027-01-01", endsOn: "2027-06-01", milestones: 1, kpis: 1, role: "startup" });
    expect(tasks.at(-1)).toMatchObject({ id: "approval", status: "completed", href: null });
  });
});
