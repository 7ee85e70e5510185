import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Tag } from "~/components/tag";
import { requireActor } from "~/server/auth.server";
import { listJudgeChallenges } from "~/server/judging/panel.server";
import { listMyReviews } from "~/server/judging/reviews.server";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Your judging – Civic Innovation Challenge" }];

const STATUS = {
  assigned: { label: "To do", colour: "grey" },
  in_progress: { label: "In progress", colour: "blue" },
  submitted: { label: "Submitted", colour: "green" },
} as Record<string, { label: string; colour: string }>;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const [challenges, reviews] = await Promise.all([listJudgeChallenges(actor.user.id), listMyReviews(actor.user.id)]);
  return json({ challenges, reviews });
}

export default function Judging() {
  const { challenges, reviews } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Your judging</h1>
      {challenges.length === 0 ? <p className="govuk-body">You are not on any judging panel. Challenge owners invite judges by email.</p> : null}
      {challenges.map((c) => {
        const mine = reviews.filter((r) => r.challenge_id === c.id);
        const count = (s: string) => mine.filter((r) => r.status === s).length;
        return (
          <section key={c.id} className="govuk-!-margin-bottom-8" aria-labelledby={`c-${c.id}`}>
            <h2 className="govuk-heading-m" id={`c-${c.id}`}>{c.title}</h2>
            <p className="govuk-body">
              {c.blind_review ? "Blind review: applicants are anonymised. " : ""}
              To do: {count("assigned")} · In progress: {count("in_progress")} · Submitted: {count("submitted")} ·{" "}
              <Link className="govuk-link" to={`/judging/${c.id}/profile`}>Your expertise and conflicts</Link>
            </p>
            {mine.length === 0 ? <p className="govuk-body">No proposals are assigned to you yet.</p> : (
              <Table caption={`Proposals assigned to you for ${c.title}`} rows={mine} rowKey={(r) => r.id} columns={[
                { header: "Proposal", cell: (r) => <Link className="govuk-link" to={`/judging/reviews/${r.id}`}>{r.title ?? `Proposal ${mine.indexOf(r) + 1}`}</Link> },
                { header: "Status", cell: (r) => <Tag {...(STATUS[r.status] ?? { label: r.status, colour: "grey" })} /> },
              ]} />
            )}
          </section>
        );
      })}
    </>
  );
}
