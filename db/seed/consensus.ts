// The demo's panel discussion and consensus report (decision 025), played through the product's commands on
// the blind challenge in review ("Retrofitting council homes at pace"): the two judges who submitted their
// reviews of "Retrofit priority map" discuss it, the owner chooses one of them as rapporteur, who submits the
// consensus report; the owner scores the challenge and sets the total threshold (Horizon Europe's 10 of 15,
// 3.33 of 5), so the results show which proposals pass, one on its consensus report.
import { db } from "../../app/server/connections.server";
import { chooseRapporteur, consensusFormSchema, saveConsensusReport, setTotalThreshold } from "../../app/server/judging/consensus.server";
import { postPanelMessage } from "../../app/server/judging/panel-discussion.server";
import { getJudge } from "../../app/server/judging/panel.server";
import { scoreProposals } from "../../jobs/judging/score-proposals";
import type { Cast } from "./cast";
import type { PlayedChallenge } from "./stages";
import { form, runJob, signedIn } from "./support";

export const CONSENSUS_DEMO = { challenge: "retrofit", proposal: "Retrofit priority map", rapporteur: "judge.haddad@judges.example", totalThreshold: 3.33 } as const;

const DISCUSSION: [string, string][] = [
  ["judge.park@judges.example", "The method is the strongest we have seen: heat loss from the survey data, then the benefit per pound. I scored feasibility lower because the survey covers only two estates so far."],
  ["judge.haddad@judges.example", "Agreed on the method. On feasibility, the plan says the other estates' data comes from the council's own stock survey, which exists; I think a 4 is fair."],
  ["judge.park@judges.example", "That answers my doubt. I am happy with 4 for feasibility and 5 for impact."],
];

export async function seedConsensus(cast: Cast, played: ReadonlyMap<string, PlayedChallenge>): Promise<void> {
  const challenge = played.get(CONSENSUS_DEMO.challenge);
  if (!challenge) throw new Error("demo seed: no challenge in review for the consensus demo");
  const proposalId = [...challenge.proposals].find(([, p]) => p.title === CONSENSUS_DEMO.proposal)?.[0];
  if (!proposalId) throw new Error(`demo seed: no proposal "${CONSENSUS_DEMO.proposal}"`);
  const owner = cast.member("camden");
  const managed = { challengeId: challenge.id, orgId: owner.orgId! };
  const panelPath = `/judging/proposals/${proposalId}/panel`;

  for (const [email, body] of DISCUSSION) {
    const judge = cast.person(email);
    await postPanelMessage(await signedIn(judge, panelPath), { proposalId, userId: judge.userId }, body);
  }
  const rapporteur = cast.person(CONSENSUS_DEMO.rapporteur);
  const { id: judgeId } = (await getJudge({ challengeId: challenge.id, userId: rapporteur.userId }))!;
  await chooseRapporteur(await signedIn(owner, `/my/challenges/${challenge.id}/proposals/${proposalId}`), managed, proposalId, judgeId, owner.userId);

  const criteria = await db().selectFrom("rubric_criteria").select(["id", "name"]).where("challenge_id", "=", challenge.id).orderBy("position").execute();
  const agreed: Record<string, [string, string]> = {
    Impact: ["5", "Targets the homes where insulation saves most, first."],
    Feasibility: ["4", "Data for the remaining estates exists in the council's stock survey."],
    "Value for money": ["4", ""],
    Scalability: ["4", "Works for any landlord with a stock survey."],
  };
  const input = form(consensusFormSchema, {
    intent: "submit",
    summary: "The panel agreed the method is sound and well evidenced, and that the data it needs exists. Its impact is the highest of the proposals; the team should confirm the survey access early.",
    scores: Object.fromEntries(criteria.map((c) => [c.id, { score: agreed[c.name]?.[0] ?? "3", comment: agreed[c.name]?.[1] ?? "" }])),
  });
  const saved = await saveConsensusReport(await signedIn(rapporteur, panelPath), { proposalId, userId: rapporteur.userId }, input);
  if (saved.result !== "submitted") throw new Error(`demo seed: the consensus report was not submitted: ${JSON.stringify(saved)}`);

  await runJob("score-proposals", challenge.id, owner.userId, (ctx) => scoreProposals(db(), ctx));
  await setTotalThreshold(await signedIn(owner, `/my/challenges/${challenge.id}/results`), managed, CONSENSUS_DEMO.totalThreshold);
}
