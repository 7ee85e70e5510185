import { Link } from "@remix-run/react";
import { challengeStatusTag, type EffectiveChallengeStatus } from "~/lib/challenge-status";
import { formatDate, formatMoney } from "~/lib/dates";
import { Tag } from "./tag";
import { OrgName } from "./verified";

export interface ChallengeCard {
  id: string;
  title: string;
  summary: string;
  theme: string;
  owner_organisation: string;
  owner_verified: boolean;
  areas: string[];
  status: EffectiveChallengeStatus;
  closes_at: string;
  funding_kind: "budget" | "prize";
  funding_gbp: number;
}

export function ChallengeList({ challenges }: { challenges: ChallengeCard[] }) {
  return (
    <ul className="govuk-list">
      {challenges.map((c) => (
        <li key={c.id} className="app-card">
          <h3 className="govuk-heading-m govuk-!-margin-bottom-2">
            <Link className="govuk-link" to={`/challenges/${c.id}`}>{c.title}</Link>
          </h3>
          <p className="govuk-body-s govuk-!-margin-bottom-2">
            <Tag {...challengeStatusTag(c.status)} /> {c.theme} · set by <OrgName name={c.owner_organisation} verified={c.owner_verified} />
          </p>
          <p className="govuk-body">{c.summary}</p>
          <p className="govuk-body-s govuk-!-margin-bottom-0">
            {c.funding_kind === "prize" ? "Prize" : "Pilot budget"}: {formatMoney(c.funding_gbp)} · Closes {formatDate(c.closes_at)} · {c.areas.join(", ")}
          </p>
        </li>
      ))}
    </ul>
  );
}
