// The demo's data-sharing register (decision 034), played through the register's own commands by each
// pilot's team: datasets declared by the start-up (or the public body), approved by the public body, one
// changed after approval and approved again (two versions in its history), one changed and waiting, one
// with personal data and its DPIA, and, on the draft pilot, personal data without a DPIA yet, so its plan
// cannot be approved until one is recorded (the DPIA gate).
import { sql } from "kysely";
import { db } from "../../app/server/connections.server";
import { requirePilotRole } from "../../app/server/pilots/access.server";
import { getPilotCore } from "../../app/server/pilots/queries.server";
import { approveRegisterVersion, saveRegisterEntry } from "../../app/server/register/commands.server";
import { registerEntrySchema } from "../../app/server/register/register-form";
import type { Cast } from "./cast";
import { dayInput, form, signedIn } from "./support";

type Who = "startup" | "public_body";
interface EntrySpec {
  by: Who;
  /** When it was declared, in days from today (negative: in the past). */
  days: number;
  values: Record<string, unknown>;
  /** What happens after it is declared, in order and when: approved, or changed (these values replace the last ones). */
  then: (({ approve: true } | { change: Record<string, unknown>; by: Who }) & { days: number })[];
}

const noPersonalData = { personalData: "no" };

export const REGISTER: Record<string, EntrySpec[]> = {
  "High-street air sensor mesh": [
    {
      by: "startup", days: -128,
      values: {
        ...noPersonalData, dataset: "Air quality sensor readings", ownerOrganisation: "AirSense Labs",
        description: "Nitrogen dioxide and particulate readings from 12 street sensors, every five minutes, with the sensor's location.",
        purpose: "To measure the pilot's KPI and publish the live air map.", retention: "Kept for two years after the pilot ends, then deleted",
        access: "AirSense Labs' data team and Camden Council's air quality officers",
      },
      then: [
        { approve: true, days: -124 },
        { by: "startup", change: { retention: "Kept for five years after the pilot ends, as open data on the council's portal" }, days: -40 },
        { approve: true, days: -36 },
      ],
    },
    {
      by: "startup", days: -126,
      values: {
        dataset: "Live air map alert sign-ups", ownerOrganisation: "AirSense Labs", personalData: "yes", legalBasis: "consent",
        description: "Email addresses and home postcodes of residents who asked for high-pollution alerts.",
        purpose: "To send residents an alert when the air near their home is poor.", retention: "Deleted within 30 days of unsubscribing or of the pilot ending",
        dpiaDone: "yes", dpiaOn: dayInput(-130), access: "AirSense Labs' alerts service only; never shared with the council or the sponsor",
      },
      then: [{ approve: true, days: -123 }],
    },
  ],
  "Heat-loss map for vulnerable patients": [
    {
      by: "public_body", days: -98,
      values: {
        dataset: "Patients at risk in cold homes", ownerOrganisation: "North Central Health Partnership", personalData: "yes", legalBasis: "public_task",
        description: "Addresses of patients on the GP register flagged as vulnerable to cold, with no names or medical details.",
        purpose: "To match the heat-loss survey to the homes of patients at risk.", retention: "Deleted when the pilot ends",
        dpiaDone: "yes", dpiaOn: dayInput(-100), access: "Two roles at HomeWarm Analytics: the survey lead and the data protection officer",
      },
      then: [{ approve: true, days: -94 }, { by: "startup", change: { access: "The survey lead, the data protection officer and HomeWarm Analytics' two field surveyors" }, days: -3 }],
    },
    {
      by: "startup",
      values: {
        ...noPersonalData, dataset: "Thermal imaging survey", ownerOrganisation: "HomeWarm Analytics",
        description: "Street-level thermal images of housing blocks, with faces and number plates blurred before storage.",
        purpose: "To estimate each block's heat loss.", retention: "Kept for three years for the follow-up survey", access: "HomeWarm Analytics' survey team",
      },
      then: [],
      days: -6,
    },
  ],
  "Freight-free hours on high streets": [
    {
      by: "startup",
      values: {
        dataset: "Delivery driver shift patterns", ownerOrganisation: "GreenRoute Mobility", personalData: "yes", legalBasis: "legitimate_interests",
        description: "Start and end times of each delivery driver's shift on the pilot streets, by driver reference.",
        purpose: "To plan delivery windows outside the freight-free hours.", retention: "Deleted three months after the pilot ends",
        dpiaDone: "no", access: "GreenRoute Mobility's operations planners",
      },
      then: [],
      days: -2,
    },
  ],
};

/** Time passing, and nothing else (as db/seed/time.ts): when a version was declared or approved, `days` from today. */
async function moveDate(entryId: string, version: number, column: "declared_at" | "approved_at", days: number): Promise<void> {
  await db().updateTable("data_register_versions").set({ [column]: sql<Date>`now() + make_interval(days => ${days})` })
    .where("entry_id", "=", entryId).where("version", "=", version).execute();
}

/** Plays the register of each demo pilot named in REGISTER; returns how many versions it wrote. */
export async function seedDataRegister(cast: Cast, pilotIds: string[]): Promise<number> {
  let versions = 0;
  for (const id of pilotIds) {
    const pilot = (await getPilotCore(id))!;
    const specs = REGISTER[pilot.title];
    if (!specs) continue;
    const person = { startup: cast.memberOf(pilot.team.startup.id), public_body: cast.memberOf(pilot.team.publicBody.id) };
    const as = async (who: Who, path: string) => requirePilotRole(await signedIn(person[who], path), pilot.id);
    for (const spec of specs) {
      let values = spec.values;
      const saved = await saveRegisterEntry(await as(spec.by, `/pilots/${id}/data/declare`), form(registerEntrySchema, values));
      await moveDate(saved.entryId, saved.version, "declared_at", spec.days);
      versions += 1;
      let version = saved.version;
      for (const step of spec.then) {
        if ("approve" in step) {
          await approveRegisterVersion(await as("public_body", `/pilots/${id}/data`), { entryId: saved.entryId, version });
          await moveDate(saved.entryId, version, "approved_at", step.days);
          continue;
        }
        values = { ...values, ...step.change };
        version = (await saveRegisterEntry(await as(step.by, `/pilots/${id}/data/declare?entry=${saved.entryId}`), form(registerEntrySchema, { ...values, entryId: saved.entryId }))).version;
        await moveDate(saved.entryId, version, "declared_at", step.days);
        versions += 1;
      }
    }
  }
  return versions;
}
