import { Link } from "@remix-run/react";
import { challengeStatusTag, type EffectiveChallengeStatus } from "~/lib/challenge-status";
import { useTranslation } from "react-i18next";
import { useFormats } from "./use-formats";
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
  const { t } = useTranslation("challenges");
  const f = useFormats();
  return (
    <ul className="govuk-list">
      {challenges.map((c) => (
        <li key={c.id} className="app-card">
          <h3 className="govuk-heading-m govuk-!-margin-bottom-2">
            <Link className="govuk-link" to={`/challenges/${c.id}`}>{c.title}</Link>
          </h3>
          <p className="govuk-body-s govuk-!-margin-bottom-2">
            <Tag label={t(`status.${c.status}`)} colour={challengeStatusTag(c.status).colour} /> {c.theme} · {t("list.setBy")} <OrgName name={c.owner_organisation} verified={c.owner_verified} />
          </p>
          <p className="govuk-body">{c.summary}</p>
          <p className="govuk-body-s govuk-!-margin-bottom-0">
            {t(`details.funding.${c.funding_kind}`)}: {f.money(c.funding_gbp)} · {t("list.closes", { date: f.date(c.closes_at) })} · {c.areas.join(", ")}
          </p>
        </li>
      ))}
    </ul>
  );
}
