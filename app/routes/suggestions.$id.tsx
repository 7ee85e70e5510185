// One suggestion (decision 035). Published: everyone reads it; signed-in people support it (once) or withdraw
// their support; any reader may report it. Pending or declined: only its author and the programme office find
// it (404 for everyone else, decision 003). The programme office, or a public body for one of its own
// challenges, turns a published suggestion into a challenge.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { Select, Textarea } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { Trans, useTranslation } from "react-i18next";
import { useFormats } from "~/components/use-formats";
import { titled, pageTitle } from "~/lib/page-title";
import { tFor } from "~/lib/i18n";
import { preferredLocale } from "~/server/locale.server";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { idField } from "~/lib/ids";
import { SUGGESTION_STATUS_TAG } from "~/lib/residents";
import { getActor, requireActor, type Actor } from "~/server/auth.server";
import { formValues, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { badRequest, forbidden, notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { linkableChallenges, turnIntoChallenge, type Linker } from "~/server/residents/challenge-link.server";
import { reportContent } from "~/server/residents/moderation.server";
import { residentForms } from "~/server/residents/resident-forms";
import { getSuggestionForReader, supportSuggestion, withdrawSupport } from "~/server/residents/suggestions.server";
import { withRuleErrors } from "~/server/rule-error.server";

// Offered in every language (decision 042): the interface is translated; what the resident wrote is as written.
export const handle = { i18n: true };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? titled(matches, data.suggestion.title) : pageTitle(matches, "residents:one.fallbackTitle") }];

const reader = (actor: Actor | null) => ({ userId: actor?.user.id ?? null, isAdmin: actor?.user.isAdmin ?? false });

/** The programme office links any challenge; a public body's member, its own organisation's. */
function linkerOf(actor: Actor | null): Linker | null {
  if (actor?.user.isAdmin) return { userId: actor.user.id, isAdmin: true };
  if (actor?.org?.kind === "public_body") return { userId: actor.user.id, isAdmin: false, orgId: actor.org.orgId };
  return null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const suggestion = await getSuggestionForReader(requireId(params.id), reader(actor));
  if (!suggestion) notFound();
  const linker = linkerOf(actor);
  const challenges = linker && suggestion.status === "published" && !suggestion.challenge_id ? await linkableChallenges(linker) : [];
  return json({ suggestion, signedIn: !!actor, canLink: !!linker, challenges });
}

const linkSchema = z.object({ intent: z.literal("link"), challengeId: idField(tFor("en", "residents")("errors.chooseChallenge")) });
const linkSchemaEs = z.object({ intent: z.literal("link"), challengeId: idField(tFor("es", "residents")("errors.chooseChallenge")) });

export async function action({ request, params }: ActionFunctionArgs) {
  const id = requireId(params.id);
  const actor = await getActor(request);
  const suggestion = await getSuggestionForReader(id, reader(actor));
  if (!suggestion) notFound();
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const locale = preferredLocale(request);
  if (intent === "report") {
    const parsed = parseFormData(formData, residentForms(locale).report);
    if (!parsed.ok) return invalid(parsed.errors);
    await reportContent(request, actor?.user.id ?? null, { suggestionId: id }, parsed.value.reason);
    return redirect(`/suggestions/${id}?notice=report-sent`);
  }
  const signedIn = await requireActor(request);
  return withRuleErrors(async () => {
    if (intent === "support") {
      await supportSuggestion(request, { userId: signedIn.user.id }, id);
      return redirect(`/suggestions/${id}?notice=suggestion-supported`);
    }
    if (intent === "withdraw") {
      await withdrawSupport(request, { userId: signedIn.user.id }, id);
      return redirect(`/suggestions/${id}?notice=support-withdrawn`);
    }
    if (intent === "link") {
      const linker = linkerOf(signedIn);
      if (!linker) forbidden("Only the programme office or a public body can turn a suggestion into a challenge");
      const parsed = parseFormData(formData, locale === "es" ? linkSchemaEs : linkSchema);
      if (!parsed.ok) return invalid(parsed.errors);
      await turnIntoChallenge(request, linker, id, parsed.value.challengeId);
      return redirect(`/suggestions/${id}?notice=suggestion-linked`);
    }
    badRequest("Unknown action");
  }, { values: formValues(formData) });
}

export default function SuggestionPage() {
  const { suggestion: s, signedIn, canLink, challenges } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const { t } = useTranslation("residents");
  const f = useFormats();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Notice />
        <Link to="/suggestions" className="govuk-back-link">{t("list.title")}</Link>
        <span className="govuk-caption-l">{t("one.caption")}</span>
        <h1 className="govuk-heading-l">{s.title}</h1>
        <p className="govuk-body"><Tag label={t(`status.${s.status}`)} colour={SUGGESTION_STATUS_TAG[s.status].colour} /></p>
        {s.status === "pending" ? <p className="govuk-body">{t("one.pending")}</p> : null}
        {s.status === "declined" ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">{t("one.declined")}</p>
            <p className="govuk-body">{s.decline_reason}</p>
          </div>
        ) : null}
        {s.status === "merged" && s.mergedInto ? (
          <div className="govuk-inset-text">
            <Trans t={t} i18nKey="one.merged" values={{ title: s.mergedInto.title }}
              components={{ other: <Link className="govuk-link" to={`/suggestions/${s.mergedInto.id}`} /> }} />
          </div>
        ) : null}
        {s.challenge ? (
          <div className="govuk-panel govuk-panel--confirmation">
            <h2 className="govuk-panel__title">{t("one.nowChallenge")}</h2>
            <div className="govuk-panel__body"><Link className="govuk-link govuk-link--inverse" to={`/challenges/${s.challenge.id}`}>{s.challenge.title}</Link></div>
          </div>
        ) : null}
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row"><dt className="govuk-summary-list__key">{t("one.theme")}</dt><dd className="govuk-summary-list__value">{s.theme}</dd></div>
          <div className="govuk-summary-list__row"><dt className="govuk-summary-list__key">{t("one.area")}</dt><dd className="govuk-summary-list__value">{s.area}</dd></div>
          <div className="govuk-summary-list__row"><dt className="govuk-summary-list__key">{t("one.suggested")}</dt><dd className="govuk-summary-list__value">{f.date(s.created_at)}</dd></div>
          <div className="govuk-summary-list__row"><dt className="govuk-summary-list__key">{t("one.supporters")}</dt><dd className="govuk-summary-list__value">{t("supporters", { count: s.supporters })}</dd></div>
        </dl>
        <p className="govuk-body app-wrap">{s.description}</p>

        {s.status === "published" ? (
          signedIn ? (
            <Form method="post">
              {s.supported ? (
                <>
                  <p className="govuk-body">{t("one.youSupport")}</p>
                  <Button name="intent" value="withdraw" variant="secondary">{t("one.withdraw")}</Button>
                </>
              ) : (
                <Button name="intent" value="support">{t("one.support")}</Button>
              )}
            </Form>
          ) : (
            <p className="govuk-body"><Link className="govuk-link" to={`/sign-in?redirectTo=${encodeURIComponent(`/suggestions/${s.id}`)}`}>{t("one.signInToSupport")}</Link></p>
          )
        ) : null}

        {canLink && challenges.length ? (
          <>
            <h2 className="govuk-heading-m">{t("one.link")}</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="link" />
              <Select name="challengeId" label={t("one.linkLabel")} hint={t("one.linkHint")}
                options={[{ value: "", label: t("one.chooseChallenge") }, ...challenges.map((c) => ({ value: c.id, label: c.title }))]} errors={errors} />
              <Button variant="secondary">{t("one.linkButton")}</Button>
            </Form>
          </>
        ) : null}

        {s.status === "published" || s.status === "merged" ? (
          <details className="govuk-details">
            <summary className="govuk-details__summary"><span className="govuk-details__summary-text">{t("one.report")}</span></summary>
            <div className="govuk-details__text">
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="report" />
                <Textarea name="reason" label={t("report.label")} hint={t("report.hint")} rows={3}
                  maxLength={TEXT_LIMITS.residents.report} errors={errors} />
                <Button variant="secondary">{t("report.send")}</Button>
              </Form>
            </div>
          </details>
        ) : null}
      </div>
    </div>
  );
}
