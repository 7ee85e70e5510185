// The page a feedback answer came from, as it is stored: a local path that says which page, never whose
// record (ids and tokens replaced), or nothing at all.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { feedbackPage } from "../../../app/lib/feedback";

describe("feedbackPage", () => {
  it.each([
    ["/", "/"],
    ["/challenges", "/challenges"],
    ["/challenges/", "/challenges"],
    ["/challenges?q=air+quality&page=2", "/challenges"],
    ["/open-data#files", "/open-data"],
    ["/my/proposals/7C9E6679-7425-40DE-944B-E07FC1F90AE7", "/my/proposals/:id"],
    ["/my/challenges/7c9e6679-7425-40de-944b-e07fc1f90ae7/proposals/16fd2706-8baf-433b-82eb-8c7fada847da", "/my/challenges/:id/proposals/:id"],
    ["/judge/invitations/abcdefgh2345ijklmnop6789qrstuvwx", "/judge/invitations/:token"],
    ["/open-data/challenges.csv", "/open-data/challenges.csv"],
  ])("keeps %s as %s", (from, kept) => {
    expect(feedbackPage(from)).toBe(kept);
  });

  it.each([
    undefined, null, 42, "", "challenges", "https://evil.example/", "//evil.example/x", "/\\evil.example", "/a/../b", "/a/./b",
    "/a//b", "/<script>", "/caf%C3%A9", "/a b", "/a\u0000b", `/${"x".repeat(201)}`, "javascript:alert(1)",
  ])("drops %j", (from) => {
    expect(feedbackPage(from)).toBeNull();
  });

  it("whatever it is given, keeps a local path of plain segments no longer than 200 characters, or nothing", () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.webPath(), fc.webUrl(), fc.string({ unit: "binary" })), (from) => {
      const kept = feedbackPage(from);
      return kept === null || (kept.length <= 200 && /^\/(?!\/)[A-Za-z0-9._~:/-]*$/.test(kept) && !kept.includes("/../"));
    }), { numRuns: 2_000 });
  });
});
