// Problems residents suggest (decision 035): the published ones for everyone, most supported first; a
// signed-in resident also sees their own suggestions in every state and what they follow.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { formatDate } from "~/lib/dates";
import { counted } from "~/lib/words";
import { SUGGESTION_STATUS_TAG } from "~/lib/residents";
import { getActor } from "~/server/auth.server";
import { listFollowing } from "~/server/residents/follows.server";
import { listOwnSuggestions, listPublishedSuggestions } from "~/server/residents/suggestions.server";

export const meta: MetaFunction = () => [{ title: "Problems residents suggest – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const [published, own, following] = await Promise.all([
    listPublishedSuggestions(),
    actor ? listOwnSuggestions(actor.user.id) : Promise.resolve([] as Awaited<ReturnType<typeof listOwnSuggestions>>),
    actor ? listFollowing(actor.user.id) : Promise.resolve([] as Awaited<ReturnType<typeof listFollowing>>),
  ]);
  return json({ signedIn: !!actor, published, own, following });
}

export default function Suggestions() {
  const { signedIn, published, own, following } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Notice />
        <h1 className="govuk-heading-xl">Problems residents suggest</h1>
        <p className="govuk-body">Do you know a problem in the city that new ideas could help with? Tell us.</p>
        <p className="govuk-body">Public bodies read these suggestions. Some become challenges for start-ups to solve.</p>
        {signedIn ? (
          <p className="govuk-body"><Link className="govuk-button" to="/suggestions/new">Suggest a problem</Link></p>
        ) : (
          <p className="govuk-body">
            To suggest a problem or support one, <Link className="govuk-link" to="/sign-up?as=resident">create an account</Link> or{" "}
            <Link className="govuk-link" to="/sign-in?redirectTo=%2Fsuggestions">sign in</Link>.
          </p>
        )}

        {own.length ? (
          <>
            <h2 className="govuk-heading-m">Your suggestions</h2>
            <ul className="govuk-list">
              {own.map((s) => (
                <li key={s.id}>
                  <Link className="govuk-link" to={`/suggestions/${s.id}`}>{s.title}</Link> <Tag {...SUGGESTION_STATUS_TAG[s.status]} />
                </li>
              ))}
            </ul>
          </>
        ) : null}

        {following.length ? (
          <>
            <h2 className="govuk-heading-m">What you follow</h2>
            <ul className="govuk-list">
              {following.map((f) => (
                <li key={f.challenge_id ?? f.pilot_id}>
                  {f.challenge_id
                    ? <Link className="govuk-link" to={`/challenges/${f.challenge_id}`}>{f.challenge_title}</Link>
                    : <Link className="govuk-link" to={`/pilots/${f.pilot_id}`}>{f.pilot_title}</Link>}
                </li>
              ))}
            </ul>
          </>
        ) : null}

        <h2 className="govuk-heading-m">Published suggestions</h2>
        {published.length === 0 ? <p className="govuk-body">There are no published suggestions yet.</p> : (
          <ul className="govuk-list">
            {published.map((s) => (
              <li key={s.id} className="govuk-!-margin-bottom-4">
                <h3 className="govuk-heading-s govuk-!-margin-bottom-1"><Link className="govuk-link" to={`/suggestions/${s.id}`}>{s.title}</Link></h3>
                <p className="govuk-body-s govuk-!-margin-bottom-0">
                  {s.theme}. {s.area}. {counted(s.supporters, "supporter")}. Published {formatDate(s.published_at ?? s.created_at)}.
                  {s.challenge_id ? " Now a challenge." : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
