// Reference data every installation needs: the programme's three founding themes and London's areas.
// Admins add further themes in the app. Frozen in time like any migration.
import type { Kysely } from "kysely";

const THEMES = [
  ["reducing-inequality", "Reducing inequality", "Fairer access to jobs, housing, services and opportunity across the city"],
  ["climate", "Preventing climate change", "Cutting emissions, cleaning the air and adapting the city to a changing climate"],
  ["ageing-population", "Supporting an ageing population", "Helping older residents live well, independently and connected"],
] as const;

const AREAS = [
  "London-wide", "City of London", "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon",
  "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow", "Havering", "Hillingdon",
  "Hounslow", "Islington", "Kensington and Chelsea", "Kingston upon Thames", "Lambeth", "Lewisham", "Merton", "Newham",
  "Redbridge", "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest", "Wandsworth", "Westminster",
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.insertInto("themes").values(THEMES.map(([slug, name, description]) => ({ slug, name, description }))).execute();
  await db.insertInto("areas").values(AREAS.map((name) => ({ name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-") }))).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("areas").execute();
  await db.deleteFrom("themes").execute();
}
