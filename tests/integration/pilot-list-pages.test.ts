// /pilots in pages: every pilot with an approved plan is on exactly one page, in the list's order (latest
// start first), drafts on none; a bad page number is page 1, a page past the end is empty and says so;
// a team's own pilots head the first page only, at most a page of them.
import { beforeAll, describe, expect, it } from "vitest";
import * as pilotsIndex from "../../app/routes/pilots._index";
import { db } from "../../app/server/connections.server";
import { PILOTS_PAGE_SIZE } from "../../app/server/pilots/queries.server";
import { createChallenge, createMember, createPairedPilot, createProposal, createSponsorship } from "../support/factories";
import { call, getRequest } from "../support/requests";

type ListBody = { pilots: { id: string; startsOn: string | null; title: string }[]; total: number; page: number; pageCount: number; yours: { id: string }[]; moreOfYours: boolean };
const list = async (query = "", cookie?: string) => (await call(pilotsIndex.loader, getRequest(`/pilots${query}`, cookie))).body as ListBody;

const APPROVED = PILOTS_PAGE_SIZE + 7;
const DRAFTS = 3;
let approved: string[];
let corp: Awaited<ReturnType<typeof createMember>>;

beforeAll(async () => {
  const body = await createMember("public_body");
  corp = await createMember("corporate");
  const challenge = await createChallenge(body.orgId);
  const sponsorship = await createSponsorship({ challenge_id: challenge.id, org_id: corp.orgId });
  approved = [];
  for (let i = 0; i < APPROVED + DRAFTS; i++) {
    const startup = await createMember("startup");
    const proposal = await createProposal(challenge.id, startup.orgId, { status: "submitted" });
    const draft = i >= APPROVED;
    // Several pilots share a start date, so the order's later keys (title, id) decide between them.
    const startsOn = new Date(Date.UTC(2026, 0, 1 + (i % 9)));
    const { pilot } = await createPairedPilot(
      { challengeId: challenge.id, proposalId: proposal.id, publicOrgId: body.orgId, startupOrgId: startup.orgId, corporateOrgId: corp.orgId, sponsorshipId: sponsorship.id },
      { pilot: { title: `Pilot ${String(i % 5)}`, status: draft ? "draft" : "running", starts_on: startsOn, ends_on: new Date(Date.UTC(2026, 11, 1)) } },
    );
    if (!draft) approved.push(pilot.id);
  }
});

describe("/pilots in pages", () => {
  it("shows each pilot with an approved plan on exactly one page, in order, and no draft", async () => {
    const first = await list();
    expect(first.total).toBe(APPROVED);
    expect(first.pageCount).toBe(Math.ceil(APPROVED / PILOTS_PAGE_SIZE));
    const seen: ListBody["pilots"] = [];
    for (let page = 1; page <= first.pageCount; page++) {
      const got = await list(`?page=${page}`);
      expect(got.pilots.length).toBe(page < first.pageCount ? PILOTS_PAGE_SIZE : APPROVED - PILOTS_PAGE_SIZE * (first.pageCount - 1));
      seen.push(...got.pilots);
    }
    expect(seen.map((p) => p.id).sort()).toEqual([...approved].sort());
    const keys = seen.map((p) => [p.startsOn!, p.title] as const);
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1]!, keys[i]!];
      expect(a[0] > b[0] || (a[0] === b[0] && a[1] <= b[1])).toBe(true);
    }
  });

  it.each(["?page=abc", "?page=0", "?page=-2", "?page=1.5", "?page=", "?page=99999999"])("reads %s as page 1", async (query) => {
    const got = await list(query);
    expect(got.page).toBe(1);
    expect(got.pilots.length).toBe(PILOTS_PAGE_SIZE);
  });

  it("answers a page past the end with no pilots and the number of pages", async () => {
    const got = await list("?page=50");
    expect(got.pilots).toEqual([]);
    expect(got.total).toBe(APPROVED);
    expect(got.pageCount).toBe(Math.ceil(APPROVED / PILOTS_PAGE_SIZE));
  });

  it("puts at most a page of the team's own pilots, drafts included, on the first page only", async () => {
    const first = await list("", corp.cookie);
    expect(first.yours.length).toBe(PILOTS_PAGE_SIZE);
    expect(first.moreOfYours).toBe(true);
    const drafts = await db().selectFrom("pilots").select("id").where("status", "=", "draft").execute();
    expect(first.yours.map((p) => p.id)).toEqual(expect.arrayContaining(drafts.map((d) => d.id)));
    expect((await list("?page=2", corp.cookie)).yours).toEqual([]);
  });
});
