// Who may read or change what: role × resource × action → expected status, through the real loaders and
// actions. Denials never carry the resource's content.
import { beforeAll, describe, expect, it } from "vitest";
import * as adminOrgs from "../../app/routes/admin.organisations";
import * as apply from "../../app/routes/challenges.$id.apply";
import * as publicPage from "../../app/routes/challenges.$id._index";
import * as questions from "../../app/routes/challenges.$id.questions";
import * as clarifications from "../../app/routes/my.challenges.$id.clarifications";
import * as stageTwo from "../../app/routes/my.challenges.$id.stage-two";
import * as manage from "../../app/routes/my.challenges.$id._index";
import * as edit from "../../app/routes/my.challenges.$id.edit";
import * as ownerProposal from "../../app/routes/my.challenges.$id.proposals.$proposalId";
import * as proposalsCsv from "../../app/routes/my.challenges.$id.proposals[.]csv";
import * as proposalsXlsx from "../../app/routes/my.challenges.$id.proposals[.]xlsx";
import * as proposalPack from "../../app/routes/my.challenges.$id.proposals.$proposalId_.pack[.]pdf";
import * as shortlistCsv from "../../app/routes/my.sponsorships.$id_.shortlist[.]csv";
import * as shortlistXlsx from "../../app/routes/my.sponsorships.$id_.shortlist[.]xlsx";
import * as panelPage from "../../app/routes/judging.proposals.$proposalId.panel";
import * as results from "../../app/routes/my.challenges.$id.results";
import * as newChallenge from "../../app/routes/my.challenges.new";
import * as orgMembers from "../../app/routes/organisations.$id_.members";
import * as apiTokens from "../../app/routes/organisations.$id_.api-tokens";
import * as ssoSettings from "../../app/routes/organisations.$id_.sso";
import { encryptClientSecret } from "../../app/server/sso/secrets.server";
import * as webhooks from "../../app/routes/organisations.$id_.webhooks";
import * as proposalPage from "../../app/routes/my.proposals.$id";
import * as myProposals from "../../app/routes/my.proposals._index";
import * as messages from "../../app/routes/proposals.$id.messages";
import * as attachmentDownload from "../../app/routes/attachments.$id";
import * as monitoring from "../../app/routes/account.monitoring";
import * as pilotRegister from "../../app/routes/pilots.$id.data._index";
import * as declareDataset from "../../app/routes/pilots.$id.data.declare";
import * as programmeRegister from "../../app/routes/data-register";
import * as adminSuggestions from "../../app/routes/admin.suggestions";
import * as suggestionPage from "../../app/routes/suggestions.$id";
import * as newSuggestion from "../../app/routes/suggestions.new";
import { db } from "../../app/server/connections.server";
import {
  addMember, closeChallenge, createAdmin, createAttachment, createChallenge, createMember, createMessage, createOrg, createPairedPilot, createProposal,
  createRegisterEntry, createSponsorship, createUser, sessionCookieFor,
} from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

// "unconfirmed": a member of startupA whose account has not confirmed its email address.
// memberA: a member of start-up A's organisation who is not one of its administrators (startupA is).
// resident: a confirmed account with no organisation (decision 035).
type Role = "visitor" | "startupA" | "memberA" | "startupB" | "bodyA" | "bodyB" | "corporate" | "admin" | "unconfirmed" | "resident";
const SECRET_CHALLENGE = "Confidential draft: depot relocation";
const SECRET_PROPOSAL = "Stealth proposal with trade secrets";

const cookies = {} as Record<Role, string | undefined>;
let draftId = "";
let openId = "";
// A two-stage call of body A whose stage one has closed, with one expression of interest (decision 032).
let twoStageId = "";
let eoiId = "";
let proposalId = "";
let startupOrgId = "";
let startupBOrgId = "";
let startupAdminId = "";
let memberAId = "";
let joinCode = "";
/** An active API token of start-up A's organisation (decision 038). */
let apiTokenId = "";
/** Start-up A's single sign-on, on, with one verified domain (decision 040). */
let ssoDomainId = "";
const SECRET_CLIENT_SECRET = "start-up A's client secret";
/** An enabled webhook endpoint of start-up A's organisation (decision 039). */
let webhookId = "";
/** An accepted sponsorship of the open challenge by a corporate none of the roles belongs to. */
let sponsorshipId = "";
// A submitted proposal of start-up A to a closed challenge of body A, with a message carrying a file.
let closedProposalId = "";
let messageFileId = "";
const SECRET_MESSAGE = "Our pricing is confidential until the pilot";
// A draft pilot of body A, start-up A and the corporate, with a data-register entry waiting for approval.
let pilotId = "";
let registerEntryId = "";
const SECRET_DATASET = "Unapproved tenant arrears list";
// A resident's suggestion still waiting for the programme office (decision 035).
const SECRET_SUGGESTION = "Pending suggestion nobody else may read";
let pendingSuggestionId = "";

beforeAll(async () => {
  const bodyA = await createMember("public_body");
  const bodyB = await createMember("public_body");
  const startupA = await createMember("startup");
  const memberA = await createMember("startup", { orgId: startupA.orgId });
  const startupB = await createMember("startup");
  const corporate = await createMember("corporate");
  const admin = await createAdmin();
  const unconfirmed = await createUser({ confirmed: false });
  await addMember(unconfirmed.id, startupA.orgId);
  Object.assign(cookies, {
    visitor: undefined, bodyA: bodyA.cookie, bodyB: bodyB.cookie, startupA: startupA.cookie, memberA: memberA.cookie, startupB: startupB.cookie, corporate: corporate.cookie, admin: admin.cookie,
    unconfirmed: await sessionCookieFor(unconfirmed.id, startupA.orgId),
    resident: await sessionCookieFor((await createUser()).id, null),
  });
  const [theme, area] = await Promise.all([db().selectFrom("themes").select("id").executeTakeFirstOrThrow(), db().selectFrom("areas").select("id").executeTakeFirstOrThrow()]);
  pendingSuggestionId = (await db().insertInto("suggestions").values({
    author_id: (await createUser()).id, title: SECRET_SUGGESTION, description: SECRET_SUGGESTION, theme_id: theme.id, area_id: area.id,
  }).returning("id").executeTakeFirstOrThrow()).id;
  draftId = (await createChallenge(bodyA.orgId, { status: "draft", title: SECRET_CHALLENGE })).id;
  openId = (await createChallenge(bodyA.orgId, { title: "Open challenge" })).id;
  twoStageId = (await createChallenge(bodyA.orgId, { title: "Two-stage call", opensAt: new Date(Date.now() - 10 * 86_400_000), eoiClosesAt: new Date(Date.now() - 60_000) })).id;
  eoiId = (await createProposal(twoStageId, startupA.orgId, { title: "Expression of interest A", status: "draft" })).id;
  await db().updateTable("proposals").set({ eoi_submitted_at: new Date(Date.now() - 86_400_000) }).where("id", "=", eoiId).execute();
  proposalId = (await createProposal(openId, startupA.orgId, { status: "submitted", title: SECRET_PROPOSAL })).id;
  startupOrgId = startupA.orgId;
  startupBOrgId = startupB.orgId;
  startupAdminId = startupA.user.id;
  memberAId = memberA.user.id;
  sponsorshipId = (await createSponsorship({ challenge_id: openId, org_id: (await createOrg("corporate")).id })).id;
  const closed = await createChallenge(bodyA.orgId, { title: "Closed challenge" });
  closedProposalId = (await createProposal(closed.id, startupA.orgId, { status: "submitted", title: SECRET_PROPOSAL })).id;
  await closeChallenge(closed.id);
  const message = await createMessage({ proposal_id: closedProposalId, org_id: startupA.orgId, author_id: startupA.user.id, body: SECRET_MESSAGE });
  messageFileId = (await createAttachment({ messageId: message.id }, { orgId: startupA.orgId, userId: startupA.user.id, name: "pricing.pdf" })).id;
  apiTokenId = (await db().insertInto("api_tokens").values({ org_id: startupA.orgId, name: "Start-up A's warehouse", scope: "read", token_hash: "a".repeat(64) })
    .returning("id").executeTakeFirstOrThrow()).id;
  await db().insertInto("sso_connections").values({
    org_id: startupA.orgId, issuer: "https://login.startup-a.example", client_id: "startup-a", client_secret: encryptClientSecret(SECRET_CLIENT_SECRET), enabled: true,
  }).execute();
  ssoDomainId = (await db().insertInto("sso_domains").values({ org_id: startupA.orgId, domain: "startup-a.example", verification_token: "a".repeat(32), verified_at: new Date() })
    .returning("id").executeTakeFirstOrThrow()).id;
  webhookId = (await db().insertInto("webhook_endpoints").values({ org_id: startupA.orgId, url: "https://hooks.example.org/a", events: ["proposal.submitted"], secret_encrypted: Buffer.alloc(40) })
    .returning("id").executeTakeFirstOrThrow()).id;
  joinCode = (await db().selectFrom("organisations").select("join_code").where("id", "=", startupOrgId).executeTakeFirstOrThrow()).join_code;
  const piloted = await createChallenge(bodyA.orgId, { title: "Piloted challenge" });
  const teamed = await createProposal(piloted.id, startupA.orgId, { status: "submitted", title: "Teamed proposal" });
  await closeChallenge(piloted.id);
  pilotId = (await createPairedPilot({ challengeId: piloted.id, proposalId: teamed.id, publicOrgId: bodyA.orgId, startupOrgId: startupA.orgId, corporateOrgId: corporate.orgId })).pilot.id;
  registerEntryId = (await createRegisterEntry(pilotId, startupA.orgId, { dataset: SECRET_DATASET })).entryId;
});

type Case = { name: string; run: (cookie?: string) => ReturnType<typeof call>; expect: Partial<Record<Role, number>> };

const cases: Case[] = [
  // Equality monitoring (decision 033): a person's own answers only, so there is no one else's to ask for by id;
  // start-ups' members answer (the unconfirmed one too: it is an account page), other organisations and admins are refused.
  {
    name: "open the equality monitoring form",
    run: (c) => call(monitoring.loader, getRequest("/account/monitoring", c)),
    expect: { visitor: 302, startupA: 200, memberA: 200, startupB: 200, bodyA: 403, bodyB: 403, corporate: 403, admin: 403, unconfirmed: 200 },
  },
  {
    name: "save equality monitoring answers",
    // A blank form: only those allowed get as far as the 400.
    run: (c) => call(monitoring.action, postRequest("/account/monitoring", { intent: "save" }, c)),
    expect: { visitor: 302, startupA: 400, memberA: 400, startupB: 400, bodyA: 403, bodyB: 403, corporate: 403, admin: 403, unconfirmed: 400 },
  },
  {
    name: "ask a question about a challenge",
    // A blank question: the gate answers before the form is read, so only a start-up gets as far as the 400.
    run: (c) => call(questions.action, postRequest(`/challenges/${openId}/questions`, { question: "" }, c), { id: openId }),
    expect: { visitor: 302, bodyA: 403, bodyB: 403, corporate: 403, admin: 403, startupB: 400, unconfirmed: 302 },
  },
  {
    name: "read the owner's questions and clarifications",
    run: (c) => call(clarifications.loader, getRequest(`/my/challenges/${openId}/clarifications`, c), { id: openId }),
    expect: { visitor: 302, startupA: 403, corporate: 403, bodyB: 404, bodyA: 200, admin: 200, unconfirmed: 302 },
  },
  {
    name: "read the expressions of interest of someone's two-stage call",
    run: (c) => call(stageTwo.loader, getRequest(`/my/challenges/${twoStageId}/stage-two`, c), { id: twoStageId }),
    expect: { visitor: 302, startupA: 403, corporate: 403, resident: 403, bodyB: 404, bodyA: 200, admin: 200, unconfirmed: 302 },
  },
  {
    name: "choose whom someone's two-stage call invites",
    run: (c) => call(stageTwo.action, postRequest(`/my/challenges/${twoStageId}/stage-two`, { invited: "00000000-0000-4000-8000-000000000000", message: "Hijacked decision message here" }, c), { id: twoStageId }),
    // The owner's and the office's forged choice (no such expression of interest) is refused next to the field.
    expect: { visitor: 302, startupA: 403, corporate: 403, resident: 403, bodyB: 404, bodyA: 400, admin: 400, unconfirmed: 302 },
  },
  {
    name: "publish a clarification of someone's challenge",
    run: (c) => call(clarifications.action, postRequest(`/my/challenges/${openId}/clarifications`, { intent: "notice", noticeQuestion: "Hijacked", noticeAnswer: "Hijacked" }, c), { id: openId }),
    expect: { visitor: 302, startupA: 403, startupB: 403, corporate: 403, bodyB: 404, unconfirmed: 302 },
  },
  {
    name: "read a draft challenge's public page",
    run: (c) => call(publicPage.loader, getRequest(`/challenges/${draftId}`, c), { id: draftId }),
    expect: { visitor: 404, startupA: 404, bodyB: 404, corporate: 404, admin: 404, bodyA: 200, unconfirmed: 404 },
  },
  {
    name: "open a challenge's management page",
    run: (c) => call(manage.loader, getRequest(`/my/challenges/${draftId}`, c), { id: draftId }),
    // The programme office acts on every challenge's pages (decision 018); another body finds nothing.
    expect: { visitor: 302, startupA: 403, corporate: 403, admin: 200, bodyB: 404, bodyA: 200, unconfirmed: 302 },
  },
  {
    name: "publish someone's challenge",
    run: (c) => call(manage.action, postRequest(`/my/challenges/${draftId}`, { intent: "publish", confirm: "yes" }, c), { id: draftId }),
    // The programme office may publish for the body, but the rules hold for it too: bodyA is not verified.
    expect: { visitor: 302, startupA: 403, corporate: 403, bodyB: 404, admin: 400, unconfirmed: 302 },
  },
  {
    // bodyA is a public body the programme office has not verified: it drafts, but may not publish.
    name: "publish one's own draft before the organisation is verified",
    run: (c) => call(manage.action, postRequest(`/my/challenges/${draftId}`, { intent: "publish", confirm: "yes" }, c), { id: draftId }),
    expect: { bodyA: 400 },
  },
  {
    name: "edit someone's challenge",
    run: (c) => call(edit.action, postRequest(`/my/challenges/${draftId}/edit`, { title: "Hijacked" }, c), { id: draftId }),
    expect: { visitor: 302, startupB: 403, corporate: 403, bodyB: 404, admin: 400 }, // admin: the form is checked like anyone's
  },
  {
    name: "read the challenge edit form",
    run: (c) => call(edit.loader, getRequest(`/my/challenges/${draftId}/edit`, c), { id: draftId }),
    expect: { visitor: 302, startupA: 403, bodyB: 404, bodyA: 200, admin: 200 },
  },
  {
    name: "draft a new challenge",
    run: (c) => call(newChallenge.loader, getRequest("/my/challenges/new", c)),
    expect: { visitor: 302, startupA: 403, corporate: 403, admin: 403, bodyA: 200, unconfirmed: 302 },
  },
  {
    name: "read a start-up's proposal",
    run: (c) => call(proposalPage.loader, getRequest(`/my/proposals/${proposalId}`, c), { id: proposalId }),
    expect: { visitor: 302, startupB: 404, bodyA: 403, bodyB: 403, corporate: 403, admin: 403, startupA: 200, unconfirmed: 302 },
  },
  {
    name: "change a start-up's proposal",
    // An invalid form too: ownership is checked before validation, so the answer is the same 404.
    run: (c) => call(proposalPage.action, postRequest(`/my/proposals/${proposalId}`, { intent: "save", title: "" }, c), { id: proposalId }),
    expect: { visitor: 302, startupB: 404, bodyA: 403, corporate: 403, unconfirmed: 302 },
  },
  {
    name: "withdraw a start-up's proposal",
    run: (c) => call(proposalPage.action, postRequest(`/my/proposals/${proposalId}`, { intent: "withdraw" }, c), { id: proposalId }),
    expect: { visitor: 302, startupB: 404, bodyB: 403, unconfirmed: 302 },
  },
  {
    name: "read a proposal as challenge owner before the deadline",
    run: (c) => call(ownerProposal.loader, getRequest(`/my/challenges/${openId}/proposals/${proposalId}`, c), { id: openId, proposalId }),
    expect: { visitor: 302, bodyA: 404, bodyB: 404, startupA: 403, corporate: 403 },
  },
  {
    // Exports (decision 024): the challenge's manager only; before the deadline the file has its header and no row.
    name: "export a challenge's proposals as CSV",
    run: (c) => call(proposalsCsv.loader, getRequest(`/my/challenges/${openId}/proposals.csv`, c), { id: openId }),
    expect: { visitor: 302, startupA: 403, memberA: 403, bodyB: 404, corporate: 403, unconfirmed: 302, bodyA: 200, admin: 200 },
  },
  {
    name: "export a challenge's proposals as XLSX",
    run: (c) => call(proposalsXlsx.loader, getRequest(`/my/challenges/${openId}/proposals.xlsx`, c), { id: openId }),
    expect: { visitor: 302, startupA: 403, bodyB: 404, corporate: 403, unconfirmed: 302, bodyA: 200, admin: 200 },
  },
  {
    name: "download a proposal's pack before the deadline",
    run: (c) => call(proposalPack.loader, getRequest(`/my/challenges/${openId}/proposals/${proposalId}/pack.pdf`, c), { id: openId, proposalId }),
    expect: { visitor: 302, startupA: 403, bodyA: 404, bodyB: 404, corporate: 403, admin: 404 },
  },
  {
    name: "download another corporate's shortlist",
    run: (c) => call(shortlistCsv.loader, getRequest(`/my/sponsorships/${sponsorshipId}/shortlist.csv`, c), { id: sponsorshipId }),
    expect: { visitor: 302, startupA: 403, bodyA: 403, corporate: 404, admin: 403, unconfirmed: 302 },
  },
  {
    name: "download another corporate's shortlist as XLSX",
    run: (c) => call(shortlistXlsx.loader, getRequest(`/my/sponsorships/${sponsorshipId}/shortlist.xlsx`, c), { id: sponsorshipId }),
    expect: { visitor: 302, startupB: 403, bodyB: 403, corporate: 404 },
  },
  {
    name: "list proposals",
    run: (c) => call(myProposals.loader, getRequest("/my/proposals", c)),
    expect: { visitor: 302, bodyA: 403, corporate: 403, startupB: 200, unconfirmed: 302 },
  },
  {
    name: "apply to a challenge",
    run: (c) => call(apply.action, postRequest(`/challenges/${openId}/apply`, {}, c), { id: openId }),
    expect: { visitor: 302, bodyA: 403, corporate: 403, admin: 403, unconfirmed: 302 },
  },
  {
    // Decision 026: the owner's and the applicant's members (and, once paired, the team's sponsor: not yet here).
    name: "read a proposal's messages",
    run: (c) => call(messages.loader, getRequest(`/proposals/${closedProposalId}/messages`, c), { id: closedProposalId }),
    expect: { visitor: 302, startupA: 200, memberA: 200, bodyA: 200, startupB: 404, bodyB: 404, corporate: 404, admin: 404, unconfirmed: 302 },
  },
  {
    // Those allowed are sent back to the thread (tests/integration/proposal-messages.test.ts); here, only refusals.
    name: "post a message on someone's proposal",
    run: (c) => call(messages.action, postRequest(`/proposals/${closedProposalId}/messages`, { message: "Let me in" }, c), { id: closedProposalId }),
    expect: { visitor: 302, startupB: 404, bodyB: 404, corporate: 404, admin: 404, unconfirmed: 302 },
  },
  {
    name: "download a message's file",
    run: (c) => call(attachmentDownload.loader, getRequest(`/attachments/${messageFileId}`, c), { id: messageFileId }),
    expect: { visitor: 302, startupA: 200, memberA: 200, bodyA: 200, startupB: 404, bodyB: 404, corporate: 404, admin: 404, unconfirmed: 302 },
  },
  {
    name: "open an organisation's members page",
    run: (c) => call(orgMembers.loader, getRequest(`/organisations/${startupOrgId}/members`, c), { id: startupOrgId }),
    expect: { visitor: 302, startupB: 404, bodyA: 404, admin: 404, memberA: 200, startupA: 200 },
  },
  {
    name: "remove an organisation's administrator",
    run: (c) => call(orgMembers.action, postRequest(`/organisations/${startupOrgId}/members`, { intent: "remove", userId: startupAdminId }, c), { id: startupOrgId }),
    expect: { visitor: 302, startupB: 404, bodyA: 404, corporate: 404, admin: 404, memberA: 403 },
  },
  // Decision 038: an organisation's API tokens are its administrators' alone; a member who is not one is refused (403), anyone else finds nothing (404).
  {
    name: "open an organisation's API tokens",
    run: (c) => call(apiTokens.loader, getRequest(`/organisations/${startupOrgId}/api-tokens`, c), { id: startupOrgId }),
    expect: { visitor: 302, startupA: 200, memberA: 403, startupB: 404, bodyA: 404, bodyB: 404, corporate: 404, admin: 404, resident: 404, unconfirmed: 302 },
  },
  {
    name: "make an API token for someone else's organisation",
    run: (c) => call(apiTokens.action, postRequest(`/organisations/${startupOrgId}/api-tokens`, { intent: "create", name: "Hijack", scope: "write" }, c), { id: startupOrgId }),
    expect: { visitor: 302, memberA: 403, startupB: 404, bodyA: 404, corporate: 404, admin: 404, resident: 404, unconfirmed: 302 },
  },
  {
    name: "revoke someone else's API token",
    run: (c) => call(apiTokens.action, postRequest(`/organisations/${startupOrgId}/api-tokens`, { intent: "revoke", tokenId: apiTokenId }, c), { id: startupOrgId }),
    expect: { visitor: 302, memberA: 403, startupB: 404, bodyA: 404, bodyB: 404, corporate: 404, admin: 404, resident: 404, unconfirmed: 302 },
  },
  {
    name: "revoke an API token through another organisation's page",
    // Start-up B's own page, start-up A's token: B's administrator finds no such token there.
    run: (c) => call(apiTokens.action, postRequest(`/organisations/${startupBOrgId}/api-tokens`, { intent: "revoke", tokenId: apiTokenId }, c), { id: startupBOrgId }),
    expect: { startupB: 404 },
  },
  // Decision 040: an organisation's single sign-on is its administrators' alone, as its API tokens are.
  {
    name: "open an organisation's single sign-on settings",
    run: (c) => call(ssoSettings.loader, getRequest(`/organisations/${startupOrgId}/sso`, c), { id: startupOrgId }),
    expect: { visitor: 302, startupA: 200, memberA: 403, startupB: 404, bodyA: 404, bodyB: 404, corporate: 404, admin: 404, resident: 404, unconfirmed: 302 },
  },
  {
    name: "point someone else's single sign-on at another provider",
    run: (c) => call(ssoSettings.action, postRequest(`/organisations/${startupOrgId}/sso`, { intent: "connect", issuer: "https://evil.example", clientId: "evil", clientSecret: "evil" }, c), { id: startupOrgId }),
    expect: { visitor: 302, memberA: 403, startupB: 404, bodyA: 404, corporate: 404, admin: 404, resident: 404, unconfirmed: 302 },
  },
  {
    name: "turn off someone else's single sign-on",
    run: (c) => call(ssoSettings.action, postRequest(`/organisations/${startupOrgId}/sso`, { intent: "disable" }, c), { id: startupOrgId }),
    expect: { visitor: 302, memberA: 403, startupB: 404, bodyA: 404, corporate: 404, admin: 404, resident: 404, unconfirmed: 302 },
  },
  {
    name: "remove someone else's single sign-on domain",
    run: (c) => call(ssoSettings.action, postRequest(`/organisations/${startupOrgId}/sso`, { intent: "remove-domain", domainId: ssoDomainId }, c), { id: startupOrgId }),
    expect: { visitor: 302, memberA: 403, startupB: 404, bodyA: 404, bodyB: 404, corporate: 404, admin: 404, resident: 404, unconfirmed: 302 },
  },
  {
    name: "remove a single sign-on domain through another organisation's page",
    // Start-up B's own page, start-up A's domain: B's administrator finds no such domain there.
    run: (c) => call(ssoSettings.action, postRequest(`/organisations/${startupBOrgId}/sso`, { intent: "remove-domain", domainId: ssoDomainId }, c), { id: startupBOrgId }),
    expect: { startupB: 404 },
  },
  {
    name: "claim someone else's verified single sign-on domain",
    run: (c) => call(ssoSettings.action, postRequest(`/organisations/${startupBOrgId}/sso`, { intent: "add-domain", domain: "startup-a.example" }, c), { id: startupBOrgId }),
    expect: { startupB: 400 },
  },
  // Decision 039: webhooks, like API tokens, are the organisation's administrators' alone.
  {
    name: "open an organisation's webhooks",
    run: (c) => call(webhooks.loader, getRequest(`/organisations/${startupOrgId}/webhooks`, c), { id: startupOrgId }),
    expect: { visitor: 302, startupA: 200, memberA: 403, startupB: 404, bodyA: 404, bodyB: 404, corporate: 404, admin: 404, resident: 404, unconfirmed: 302 },
  },
  {
    name: "register a webhook for someone else's organisation",
    run: (c) => call(webhooks.action, postRequest(`/organisations/${startupOrgId}/webhooks`, { intent: "register", url: "https://evil.example.org/", events: "proposal.submitted" }, c), { id: startupOrgId }),
    expect: { visitor: 302, memberA: 403, startupB: 404, bodyA: 404, corporate: 404, admin: 404, resident: 404, unconfirmed: 302 },
  },
  ...(["disable", "delete", "test"] as const).map((intent): Case => ({
    name: `${intent} someone else's webhook`,
    run: (c) => call(webhooks.action, postRequest(`/organisations/${startupOrgId}/webhooks`, { intent, endpointId: webhookId }, c), { id: startupOrgId }),
    expect: { visitor: 302, memberA: 403, startupB: 404, bodyA: 404, bodyB: 404, corporate: 404, admin: 404, resident: 404, unconfirmed: 302 },
  })),
  {
    name: "turn off a webhook through another organisation's page",
    // Start-up B's own page, start-up A's endpoint: B's administrator finds no such endpoint there.
    run: (c) => call(webhooks.action, postRequest(`/organisations/${startupBOrgId}/webhooks`, { intent: "disable", endpointId: webhookId }, c), { id: startupBOrgId }),
    expect: { startupB: 404 },
  },
  {
    name: "make oneself an administrator",
    run: (c) => call(orgMembers.action, postRequest(`/organisations/${startupOrgId}/members`, { intent: "promote", userId: memberAId }, c), { id: startupOrgId }),
    expect: { visitor: 302, startupB: 404, memberA: 403 },
  },
  {
    name: "replace an organisation's joining code",
    // A malformed form too: membership is checked before the form is read.
    run: (c) => call(orgMembers.action, postRequest(`/organisations/${startupOrgId}/members`, { intent: "rotate-code", junk: "x" }, c), { id: startupOrgId }),
    expect: { visitor: 302, startupB: 404, bodyB: 404, admin: 404, memberA: 403 },
  },
  {
    // Only the judges on the proposal's panel (decision 025); nobody here judges it, the owner included.
    name: "read a proposal's panel discussion",
    run: (c) => call(panelPage.loader, getRequest(`/judging/proposals/${proposalId}/panel`, c), { proposalId }),
    expect: { visitor: 302, startupA: 404, memberA: 404, startupB: 404, bodyA: 404, bodyB: 404, corporate: 404, admin: 404, unconfirmed: 302 },
  },
  {
    name: "write in a proposal's panel discussion or its consensus report",
    run: (c) => call(panelPage.action, postRequest(`/judging/proposals/${proposalId}/panel`, { intent: "message", body: "Let me in" }, c), { proposalId }),
    expect: { visitor: 302, startupA: 404, startupB: 404, bodyA: 404, bodyB: 404, corporate: 404, admin: 404, unconfirmed: 302 },
  },
  {
    // The owner's, once judging has begun (before the deadline the proposal is "not found" even to it).
    name: "choose a proposal's rapporteur",
    run: (c) => call(ownerProposal.action, postRequest(`/my/challenges/${openId}/proposals/${proposalId}`, { rapporteur: proposalId }, c), { id: openId, proposalId }),
    expect: { visitor: 302, startupA: 403, corporate: 403, bodyB: 404, bodyA: 404, admin: 404, unconfirmed: 302 },
  },
  {
    name: "set someone's total threshold",
    run: (c) => call(results.action, postRequest(`/my/challenges/${openId}/results`, { intent: "threshold", totalThreshold: "3" }, c), { id: openId }),
    expect: { visitor: 302, startupA: 403, memberA: 403, corporate: 403, bodyB: 404, unconfirmed: 302 },
  },
  {
    // Decision 034: a draft pilot's register, like the pilot, is its team's and the programme office's.
    name: "read a draft pilot's data register",
    run: (c) => call(pilotRegister.loader, getRequest(`/pilots/${pilotId}/data`, c), { id: pilotId }),
    expect: { visitor: 404, startupA: 200, memberA: 200, bodyA: 200, corporate: 200, admin: 200, startupB: 404, bodyB: 404 },
  },
  {
    name: "open the data-register form of someone's pilot",
    run: (c) => call(declareDataset.loader, getRequest(`/pilots/${pilotId}/data/declare`, c), { id: pilotId }),
    expect: { visitor: 302, startupA: 200, bodyA: 200, corporate: 200, startupB: 404, bodyB: 404, admin: 403, unconfirmed: 302 },
  },
  {
    name: "declare a dataset in someone's pilot",
    run: (c) => call(declareDataset.action, postRequest(`/pilots/${pilotId}/data/declare`, { entryId: registerEntryId, dataset: "Hijacked" }, c), { id: pilotId }),
    expect: { visitor: 302, startupB: 404, bodyB: 404, admin: 403, unconfirmed: 302 },
  },
  {
    // Only the pilot's public body approves: the rest of its team 403, other organisations 404.
    name: "approve a pilot's data-register entry",
    run: (c) => call(pilotRegister.action, postRequest(`/pilots/${pilotId}/data`, { intent: "approve", entryId: registerEntryId, version: "1" }, c), { id: pilotId }),
    expect: { visitor: 302, startupA: 403, memberA: 403, corporate: 403, startupB: 404, bodyB: 404, admin: 403, unconfirmed: 302 },
  },
  {
    name: "read the programme's data register",
    run: (c) => call(programmeRegister.loader, getRequest("/data-register", c)),
    expect: { visitor: 200, startupB: 200, bodyB: 200, admin: 200 },
  },
  {
    name: "use the admin pages",
    run: (c) => call(adminOrgs.loader, getRequest("/admin/organisations", c)),
    expect: { visitor: 302, startupA: 403, bodyA: 403, corporate: 403, admin: 200, unconfirmed: 302, resident: 403 },
  },
  // Residents (decision 035): a resident does nothing an organisation does; an organisation's member still
  // acts as today, and may also act as a resident.
  {
    name: "draft a challenge, as someone with no organisation",
    run: (c) => call(newChallenge.loader, getRequest("/my/challenges/new", c)),
    expect: { resident: 403, bodyA: 200 },
  },
  {
    name: "list the start-up's proposals, as someone with no organisation",
    run: (c) => call(myProposals.loader, getRequest("/my/proposals", c)),
    expect: { resident: 403, startupA: 200 },
  },
  {
    name: "publish someone's challenge, as a resident",
    run: (c) => call(manage.action, postRequest(`/my/challenges/${draftId}`, { intent: "publish", confirm: "yes" }, c), { id: draftId }),
    expect: { resident: 403 },
  },
  {
    name: "suggest a problem",
    // A blank form: everyone signed in and confirmed reaches the form's 400, organisation members too.
    run: (c) => call(newSuggestion.action, postRequest("/suggestions/new", { title: "" }, c)),
    expect: { visitor: 302, unconfirmed: 302, resident: 400, bodyA: 400, startupA: 400, admin: 400 },
  },
  {
    name: "read someone's suggestion waiting for moderation",
    run: (c) => call(suggestionPage.loader, getRequest(`/suggestions/${pendingSuggestionId}`, c), { id: pendingSuggestionId }),
    expect: { visitor: 404, resident: 404, startupA: 404, bodyA: 404, corporate: 404, admin: 200 },
  },
  {
    name: "support someone's suggestion waiting for moderation",
    run: (c) => call(suggestionPage.action, postRequest(`/suggestions/${pendingSuggestionId}`, { intent: "support" }, c), { id: pendingSuggestionId }),
    expect: { visitor: 404, resident: 404, bodyA: 404 },
  },
  {
    name: "moderate a suggestion",
    run: (c) => call(adminSuggestions.action, postRequest("/admin/suggestions", { decision: "publish", suggestionId: pendingSuggestionId }, c)),
    expect: { visitor: 302, unconfirmed: 302, resident: 403, startupA: 403, bodyA: 403, corporate: 403 },
  },
];

describe.each(cases)("$name", ({ run, expect: expected }) => {
  it.each(Object.entries(expected) as [Role, number][])("as %s → %i", async (role, status) => {
    const res = await run(cookies[role]);
    expect(res.status).toBe(status);
    if (status === 302) expect(res.headers.get("Location")).toMatch(role === "unconfirmed" ? /^\/account\/confirm-email\?redirectTo=/ : /^\/sign-in\?redirectTo=/);
    if (status >= 400) {
      expect(res.text).not.toContain(SECRET_CHALLENGE);
      expect(res.text).not.toContain(SECRET_PROPOSAL);
      expect(res.text).not.toContain(SECRET_MESSAGE);
      expect(res.text).not.toContain(SECRET_DATASET);
      expect(res.text).not.toContain(SECRET_SUGGESTION);
      expect(res.text).not.toContain(SECRET_CLIENT_SECRET);
    }
  });
});

describe("after every denial", () => {
  it("nothing was changed", async () => {
    const challenge = await db().selectFrom("challenges").select(["title", "status"]).where("id", "=", draftId).executeTakeFirstOrThrow();
    expect(challenge).toEqual({ title: SECRET_CHALLENGE, status: "draft" });
    const proposal = await db().selectFrom("proposals").select(["title", "status"]).where("id", "=", proposalId).executeTakeFirstOrThrow();
    expect(proposal).toEqual({ title: SECRET_PROPOSAL, status: "submitted" });
    const open = await db().selectFrom("challenges").select("total_threshold").where("id", "=", openId).executeTakeFirstOrThrow();
    expect(open.total_threshold).toBeNull();
    expect(await db().selectFrom("panel_messages").select("id").where("proposal_id", "=", proposalId).execute()).toEqual([]);
    expect(await db().selectFrom("consensus_reports").select("proposal_id").where("proposal_id", "=", proposalId).execute()).toEqual([]);
    const thread = await db().selectFrom("proposal_messages").select("body").where("proposal_id", "=", closedProposalId).execute();
    expect(thread).toEqual([{ body: SECRET_MESSAGE }]);
    const org = await db().selectFrom("organisations").select("join_code").where("id", "=", startupOrgId).executeTakeFirstOrThrow();
    expect(org.join_code).toBe(joinCode);
    const roles = await db().selectFrom("memberships").select(["user_id", "role"]).where("org_id", "=", startupOrgId).orderBy("role", "desc").execute();
    // The administrator, memberA and the unconfirmed member: as set up, nobody removed or promoted.
    expect(roles.map((r) => r.role)).toEqual(["owner", "member", "member"]);
    expect(roles[0]!.user_id).toBe(startupAdminId);
    expect(await db().selectFrom("proposals").select("stage_two").where("id", "=", eoiId).executeTakeFirstOrThrow()).toEqual({ stage_two: null });
    const register = await db().selectFrom("data_register_versions").select(["version", "status", "dataset"]).where("entry_id", "=", registerEntryId).execute();
    expect(register).toEqual([{ version: 1, status: "pending", dataset: SECRET_DATASET }]);
    const suggestion = await db().selectFrom("suggestions").select("status").where("id", "=", pendingSuggestionId).executeTakeFirstOrThrow();
    expect(suggestion.status).toBe("pending");
    const tokens = await db().selectFrom("api_tokens").select(["id", "revoked_at"]).where("org_id", "in", [startupOrgId, startupBOrgId]).execute();
    expect(tokens).toEqual([{ id: apiTokenId, revoked_at: null }]);
    const sso = await db().selectFrom("sso_connections").select(["org_id", "issuer", "client_id", "enabled"]).where("org_id", "in", [startupOrgId, startupBOrgId]).execute();
    expect(sso).toEqual([{ org_id: startupOrgId, issuer: "https://login.startup-a.example", client_id: "startup-a", enabled: true }]);
    const domains = await db().selectFrom("sso_domains").select(["id", "org_id"]).where("domain", "=", "startup-a.example").execute();
    expect(domains).toEqual([{ id: ssoDomainId, org_id: startupOrgId }]);
    const hooks = await db().selectFrom("webhook_endpoints").select(["id", "enabled"]).where("org_id", "in", [startupOrgId, startupBOrgId]).execute();
    expect(hooks).toEqual([{ id: webhookId, enabled: true }]);
    expect(await db().selectFrom("webhook_deliveries").select("id").execute()).toEqual([]);
    expect(await db().selectFrom("suggestion_supports").select("user_id").where("suggestion_id", "=", pendingSuggestionId).execute()).toEqual([]);
  });
});
