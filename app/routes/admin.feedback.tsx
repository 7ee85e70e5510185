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
import { Table } from "~/components/table";

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
      <Table caption={<>
        Overall, how did you feel about the service? ({total === 1 ? "1 answer" : `${total.toLocaleString("en-GB")} answers`})
      </>} captionClass="m" rows={counts} rowKey={(c) => c.rating} columns={[
        { header: "Rating", rowHeader: true, cell: (c) => ratingLabel(c.rating) },
        { header: "Answers", numeric: true, cell: (c) => c.count.toLocaleString("en-GB") },
        { header: "Share", numeric: true, cell: (c) => share(c.count) },
      ]} />
      <h2 className="govuk-heading-m">Answers, newest first</h2>
      {answers.length === 0 ? <p className="govuk-body">No feedback yet.</p> : (
        <Table caption={<>Feedback answers, newest first{pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}</>} rows={answers} rowKey={(a) => a.id} columns={[
          { header: "Received", cell: (a) => formatDate(a.received_on) },
          { header: "Rating", cell: (a) => ratingLabel(a.rating) },
          { header: "How could we improve this service?", className: "app-wrap", cell: (a) => a.improvement || <span className="govuk-hint">No answer</span> },
          { header: "From page", className: "app-break", cell: (a) => a.page ? <code>{a.page}</code> : <span className="govuk-hint">Not known</span> },
        ]} />
      )}
      <Pagination page={page} pageCount={pageCount} params={params} />
    </>
  );
}
