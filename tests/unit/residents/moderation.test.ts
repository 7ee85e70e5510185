import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canRead, moderateFeedback, moderateSuggestion, takesFeedback,
  type FeedbackStatus, type SuggestionStatus,
} from "../../../app/rules/residents/moderation";

const suggestionStatus = fc.constantFrom<SuggestionStatus>("pending", "published", "merged", "declined");
const feedbackStatus = fc.constantFrom<FeedbackStatus>("pending", "published", "declined");
const userId = fc.uuid();
const reader = fc.record({ userId: fc.option(userId, { nil: null }), isAdmin: fc.boolean() });

describe("who reads a suggestion or feedback", () => {
  it("a pending or declined item: only its author and the programme office", () => {
    fc.assert(fc.property(fc.constantFrom<SuggestionStatus>("pending", "declined"), fc.option(userId, { nil: null }), reader, (status, authorId, r) => {
      const readable = canRead({ status, authorId }, r);
      expect(readable).toBe(r.isAdmin || (r.userId !== null && r.userId === authorId));
    }));
  });

  it("a published item: everyone, visitors too", () => {
    fc.assert(fc.property(fc.constantFrom<SuggestionStatus | FeedbackStatus>("published"), fc.option(userId, { nil: null }), reader, (status, authorId, r) => {
      expect(canRead({ status, authorId }, r)).toBe(true);
    }));
  });

  it("a merged suggestion stays public only if it was public before", () => {
    fc.assert(fc.property(fc.boolean(), reader, userId, (wasPublished, r, authorId) => {
      const readable = canRead({ status: "merged", authorId, wasPublished }, r);
      if (wasPublished) expect(readable).toBe(true);
      else expect(readable).toBe(r.isAdmin || r.userId === authorId);
    }));
  });

  it("a visitor never reads what is not published", () => {
    fc.assert(fc.property(suggestionStatus, userId, (status, authorId) => {
      expect(canRead({ status, authorId }, { userId: null, isAdmin: false })).toBe(status === "published");
    }));
  });
});

describe("moderating a suggestion", () => {
  it("merged and declined are final", () => {
    fc.assert(fc.property(fc.constantFrom<SuggestionStatus>("merged", "declined"), fc.constantFrom("publish", "decline", "merge" as const), (from, decision) => {
      expect(moderateSuggestion(from, decision, { id: "b", status: "published", selfId: "a" }).ok).toBe(false);
    }));
  });

  it("publishes only what is pending; declines what is pending or published", () => {
    expect(moderateSuggestion("pending", "publish")).toEqual({ ok: true, to: "published" });
    expect(moderateSuggestion("published", "publish").ok).toBe(false);
    expect(moderateSuggestion("pending", "decline")).toEqual({ ok: true, to: "declined" });
    expect(moderateSuggestion("published", "decline")).toEqual({ ok: true, to: "declined" });
  });

  it("merges only into another published suggestion", () => {
    fc.assert(fc.property(fc.constantFrom<SuggestionStatus>("pending", "published"), suggestionStatus, fc.boolean(), (from, targetStatus, same) => {
      const result = moderateSuggestion(from, "merge", { id: same ? "a" : "b", status: targetStatus, selfId: "a" });
      expect(result.ok).toBe(!same && targetStatus === "published");
    }));
    expect(moderateSuggestion("pending", "merge").ok).toBe(false);
  });
});

describe("moderating feedback", () => {
  it("publishes pending feedback once; never reopens declined feedback", () => {
    fc.assert(fc.property(feedbackStatus, fc.constantFrom("publish", "decline" as const), (from, decision) => {
      const r = moderateFeedback(from, decision);
      if (from === "declined") expect(r.ok).toBe(false);
      else if (decision === "publish") expect(r.ok).toBe(from === "pending");
      else expect(r).toEqual({ ok: true, to: "declined" });
    }));
  });

  it("is taken only while the pilot runs", () => {
    expect(["draft", "approved", "completed"].filter(takesFeedback)).toEqual(["approved"]);
  });
});
