// A challenge's dates as an iCalendar file (issue 16, "calendar"): one for a challenge, and a feed of every
// challenge an organisation has published, for a start-up or a sponsor to subscribe to. Public dates of
// public challenges only: drafts never appear, and nothing in it names a person. Each event keeps the same
// UID for as long as the challenge exists, so a calendar that subscribed updates it when a date moves.
import ical, { ICalCalendarMethod } from "ical-generator";
import { db } from "../connections.server";
import { appUrl } from "../notifications.server";

export interface ChallengeDates {
  id: string;
  title: string;
  organisation: string;
  opensAt: Date;
  closesAt: Date;
  /** The judges' review deadline, once the owner has set one. */
  reviewsDueAt: Date | null;
  /** A two-stage call's expression-of-interest deadline; its closing date is then stage two's (decision 032). */
  eoiClosesAt?: Date | null;
}

/** How long each date's event lasts in a calendar: a marker, not a meeting. */
const MARKER_MINUTES = 30;

/** The calendar file for these challenges' dates (pure: the same input gives the same bytes but for its stamp). */
export function datesCalendar(name: string, challenges: ChallengeDates[], stamp = new Date()): string {
  const calendar = ical({ name, prodId: { company: "Civic Innovation Challenge", product: "challenge-dates", language: "EN" } });
  calendar.method(ICalCalendarMethod.PUBLISH);
  for (const c of challenges) {
    const url = appUrl(`/challenges/${c.id}`);
    const description = `${c.title}, a challenge set by ${c.organisation}. ${url}`;
    const at = (start: Date) => ({ start, end: new Date(start.getTime() + MARKER_MINUTES * 60_000), stamp, url, description });
    calendar.createEvent({ id: `${c.id}-opens@civic-challenge`, summary: `Opens for proposals: ${c.title}`, ...at(c.opensAt) });
    // A deadline's event ends at the deadline, so a calendar shows it before the moment it is too late.
    if (c.eoiClosesAt) {
      calendar.createEvent({
        id: `${c.id}-eoi-closes@civic-challenge`, summary: `Deadline for expressions of interest (stage one): ${c.title}`,
        ...at(new Date(c.eoiClosesAt.getTime() - MARKER_MINUTES * 60_000)), end: c.eoiClosesAt,
      });
    }
    calendar.createEvent({
      id: `${c.id}-closes@civic-challenge`, summary: `${c.eoiClosesAt ? "Stage two deadline for invited full proposals" : "Deadline for proposals"}: ${c.title}`,
      ...at(new Date(c.closesAt.getTime() - MARKER_MINUTES * 60_000)), end: c.closesAt,
    });
    if (c.reviewsDueAt) {
      calendar.createEvent({
        id: `${c.id}-reviews-due@civic-challenge`, summary: `Judges' reviews due: ${c.title}`,
        ...at(new Date(c.reviewsDueAt.getTime() - MARKER_MINUTES * 60_000)), end: c.reviewsDueAt,
      });
    }
  }
  return calendar.toString();
}

function datesQuery() {
  return db().selectFrom("challenges").innerJoin("organisations", "organisations.id", "challenges.org_id")
    .select(["challenges.id", "challenges.title", "organisations.name as organisation", "challenges.opens_at as opensAt", "challenges.closes_at as closesAt",
      "challenges.reviews_due_at as reviewsDueAt", "challenges.eoi_closes_at as eoiClosesAt"])
    .where("challenges.status", "!=", "draft");
}

/** A published challenge's dates, or undefined for a draft or an unknown id. */
export function publicChallengeDates(id: string): Promise<ChallengeDates | undefined> {
  return datesQuery().where("challenges.id", "=", id).executeTakeFirst();
}

/** The organisation's name and its published challenges' dates (latest closing first), or undefined for an unknown organisation. */
export async function organisationChallengeDates(orgId: string): Promise<{ name: string; challenges: ChallengeDates[] } | undefined> {
  const org = await db().selectFrom("organisations").select("name").where("id", "=", orgId).executeTakeFirst();
  if (!org) return undefined;
  const challenges = await datesQuery().where("challenges.org_id", "=", orgId).orderBy("challenges.closes_at", "desc").limit(500).execute();
  return { name: org.name, challenges };
}

export function calendarResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      // Public dates, as the open data: a subscribed calendar may ask every few minutes.
      "Cache-Control": "public, max-age=300",
    },
  });
}
