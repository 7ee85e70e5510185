// /calendars/:id/challenges.ics: a feed of every challenge the organisation has published, for a
// start-up or a sponsor to subscribe to. Public dates only; an organisation with none gives an empty calendar.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarResponse, datesCalendar, organisationChallengeDates } from "~/server/challenges/calendar.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await organisationChallengeDates(requireId(params.id));
  if (!found) notFound();
  return calendarResponse(datesCalendar(`Challenges set by ${found.name}`, found.challenges), "challenges.ics");
}
