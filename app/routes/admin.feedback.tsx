// What people said in the service feedback form, for the programme office: how many gave each rating,
// and every answer, newest first. Anonymous (decision 014): there is nobody to link to.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Pagination } from "~/components/pagination";
import { formatDate } from "~/lib/dates";
import { FEEDBACK_KEPT_MONTHS, ratingLabel } from "~/lib/feedback";
import { requireAdmin } from "~/server/auth.server";
import { FEEDBACK_PAGE_SIZE, feedbackCounts, listFeedback } from "~/server/feedback.server";
import { parseQuery, wholeNumber } from "~/server/query-params.server";

export const meta: MetaFunction = () => [{ title: "Feedback from users – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { counts, total } = await feedbackCounts();
  const pageCount = Math.max(1, Math.ceil(total / FEEDBACK_PAGE_SIZE));
  const page = Math.min(parseQuery(request, z.object({ page: wholeNumber(1, 10_000).default(1) })).value.page, pageCount);
  return json({ counts, total, page, pageCount, answers: await listFeedback(page) });
}

export default function AdminFeedback() {
  const { counts, total, page, pageCount, answers } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const share = (n: number) => (total ? `${Math.round((n / total) * 100)}%` : "–");
  return (
    <>
      <Link to="/admin" className="govuk-back-link">Back to programme administration</Link>
      <h1 className="govuk-heading-l">Feedback from users</h1>
      <p className="govuk-body">
        Answers to the feedback form linked from the banner on every page. They are anonymous: they say which page the
        person came from, but not who they are. Answers are kept for {FEEDBACK_KEPT_MONTHS} months.
      </p>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">
          Overall, how did you feel about the service? ({total === 1 ? "1 answer" : `${total.toLocaleString("en-GB")} answers`})
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Rating</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Answers</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Share</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {counts.map((c) => (
            <tr key={c.rating} className="govuk-table__row">
              <th scope="row" className="govuk-table__header">{ratingLabel(c.rating)}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{c.count.toLocaleString("en-GB")}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{share(c.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="govuk-heading-m">Answers, newest first</h2>
      {answers.length === 0 ? <p className="govuk-body">No feedback yet.</p> : (
        <table className="govuk-table">
          <caption className="govuk-visually-hidden">Feedback answers, newest first{pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Received</th>
              <th scope="col" className="govuk-table__header">Rating</th>
              <th scope="col" className="govuk-table__header">How could we improve this service?</th>
              <th scope="col" className="govuk-table__header">From page</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {answers.map((a) => (
              <tr key={a.id} className="govuk-table__row">
                <td className="govuk-table__cell">{formatDate(a.received_on)}</td>
                <td className="govuk-table__cell">{ratingLabel(a.rating)}</td>
                <td className="govuk-table__cell app-wrap">{a.improvement || <span className="govuk-hint">No answer</span>}</td>
                <td className="govuk-table__cell app-break">{a.page ? <code>{a.page}</code> : <span className="govuk-hint">Not known</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pageCount={pageCount} params={params} />
    </>
  );
}
