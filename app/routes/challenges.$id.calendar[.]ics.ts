// /challenges/:id/calendar.ics: a published challenge's opening and closing dates, for a calendar.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarResponse, datesCalendar, publicChallengeDates } from "~/server/challenges/calendar.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const dates = await publicChallengeDates(requireId(params.id));
  if (!dates) notFound();
  return calendarResponse(datesCalendar(dates.title, [dates]), "challenge-dates.ics");
}
