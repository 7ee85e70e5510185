// Equality monitoring in the demo (decision 033): the start-ups' co-founders, fourteen more per start-up,
// and the demo founders but FairRent's answer the questions through the product's own command, drawn
// from the one seeded generator with the skew real answers have, so the published tables show counts
// where ten or more people gave an answer and withhold the rest ([c]), including a stage with too few
// people answering. The three demo judges answer too: fewer than ten, so the judges' tables say nothing.
// Run after the reminders and digests, so the co-founders get none of the demo's earlier mail.
import { seededRandom } from "../../app/lib/seeded-random";
import { MONITORING_QUESTIONS, type MonitoringAnswers, type MonitoringKey } from "../../app/rules/inclusion/questions";
import { getActor } from "../../app/server/auth.server";
import { db } from "../../app/server/connections.server";
import { saveOwnAnswers } from "../../app/server/inclusion/answers.server";
import type { Cast } from "./cast";
import { JUDGES, ORGS, type OrgKey } from "./programme";
import { signedIn, type Person } from "./support";

export const COFOUNDERS_PER_STARTUP = 14;

/** How often each answer is drawn (the rest of each question's answers share what is left). */
const WEIGHTS: Partial<Record<MonitoringKey, Record<string, number>>> = {
  gender: { woman: 0.45, man: 0.45, non_binary: 0.03, prefer_not_to_say: 0.05 },
  ethnicity: { white: 0.5, asian: 0.2, black: 0.15, mixed: 0.07, prefer_not_to_say: 0.05 },
  disability: { no: 0.8, yes: 0.12, prefer_not_to_say: 0.08 },
  age_band: { "25_34": 0.45, "35_44": 0.3, under_25: 0.1, "45_54": 0.1 },
  borough: { camden: 0.25, hackney: 0.25, islington: 0.15, "tower-hamlets": 0.1, "outside-london": 0.1 },
};

const FIRST = ["Ada", "Ben", "Chloe", "Dev", "Efe", "Farah", "Gus", "Hana", "Ivo", "Jade", "Kofi", "Lena", "Mo", "Nia", "Omar", "Pia", "Raj", "Sara", "Tunde", "Uma", "Vik", "Wren", "Yusuf", "Zoe"];
const LAST = ["Adams", "Begum", "Costa", "Dlamini", "Evans", "Fischer", "Gill", "Hussain", "Ito", "Jones", "Khan", "Lopez", "Mensah", "Novak", "Osei", "Patel"];

export async function seedMonitoring(cast: Cast): Promise<void> {
  const random = seededRandom(33);
  const draw = (key: MonitoringKey): string => {
    const options = MONITORING_QUESTIONS.find((q) => q.key === key)!.options.map((o) => o.value);
    const weights = WEIGHTS[key] ?? {};
    let r = random.next();
    for (const [value, w] of Object.entries(weights)) {
      if (r < w) return value;
      r -= w;
    }
    const rest = options.filter((o) => !(o in weights));
    return random.pick(rest.length ? rest : options);
  };
  const answer = async (person: Person) => {
    const request = await signedIn(person, "/account/monitoring");
    const actor = await getActor(request);
    const answers = Object.fromEntries(MONITORING_QUESTIONS.map((q) => [q.key, draw(q.key)])) as MonitoringAnswers;
    await saveOwnAnswers(request, actor!, answers);
  };

  const startups = ORGS.filter((o) => o.kind === "startup").map((o) => o.key);
  let n = 0;
  for (const key of startups) {
    const orgId = cast.orgId(key);
    for (let i = 0; i < COFOUNDERS_PER_STARTUP; i++) {
      const name = `${FIRST[n % FIRST.length]} ${LAST[(n * 7) % LAST.length]}`;
      const email = `cofounder${String(++n).padStart(2, "0")}@${key}.example`;
      // Not demo log-ins: their password is unusable; they appear as their start-ups' members.
      const { id } = await db().insertInto("users").values({ email, name, password_hash: "!demo-cofounder", email_confirmed_at: new Date() })
        .returning("id").executeTakeFirstOrThrow();
      await db().insertInto("memberships").values({ user_id: id, org_id: orgId, role: "member" }).execute();
      await answer({ userId: id, orgId, email, ip: `198.51.100.${100 + (n % 100)}` });
    }
    if (key !== ("fairrent" satisfies OrgKey)) await answer(cast.member(key));
  }
  for (const j of JUDGES) await answer(cast.person(j.email));
}
