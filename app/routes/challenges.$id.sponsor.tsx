import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, Textarea, TextInput } from "~/components/fields";
import { listAreas, listThemes } from "~/server/vocabulary.server";
import { listStartups } from "~/server/organisations/organisations.server";
import { formValues, invalid, parseForm } from "~/server/forms.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requirePermission } from "~/server/permissions.server";
import { getOwnOffer, listInKindTypes, offerSchema, saveOffer, sponsorableChallenge } from "~/server/sponsorship/sponsorships.server";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { withRuleErrors } from "~/server/rule-error.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Offer sponsorship – Civic Innovation Challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "offer:sponsorship");
  const challenge = await sponsorableChallenge(requireId(params.id));
  if (!challenge) notFound();
  const [offer, inKind, themes, areas, orgs] = await Promise.all([
    getOwnOffer({ challengeId: challenge.id, orgId: actor.org.orgId }),
    listInKindTypes(),
    listThemes(),
    listAreas(),
    listStartups(),
  ]);
  return json({ challenge: { id: challenge.id, title: challenge.title }, offer, inKind, themes, areas, orgs });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "offer:sponsorship");
  const challenge = await sponsorableChallenge(requireId(params.id));
  if (!challenge) notFound();
  const parsed = await parseForm(request, offerSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  return withRuleErrors(async () => {
    await saveOffer(request, { challengeId: challenge.id, orgId: actor.org.orgId, userId: actor.user.id }, parsed.value);
    return redirect("/my/sponsorships?notice=offer-saved");
  }, { values: formValues(parsed.formData), field: "fundingGbp" });
}

export default function OfferSponsorship() {
  const { challenge, offer, inKind, themes, areas, orgs } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const trl = Array.from({ length: 9 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Link to={`/challenges/${challenge.id}`} className="govuk-back-link">Back to {challenge.title}</Link>
        <span className="govuk-caption-l">{challenge.title}</span>
        <h1 className="govuk-heading-l">{offer ? "Change your sponsorship offer" : "Offer sponsorship"}</h1>
        {offer && offer.status !== "offered" ? <div className="govuk-inset-text">The challenge owner has {offer.status} this offer.</div> : null}
        <Form method="post" noValidate>
          <TextInput name="fundingGbp" label="Funding" prefix="£" width="10" inputMode="numeric" hint="Enter 0 if you offer in-kind support only" errors={errors} defaultValue={offer?.funding_gbp ?? ""} />
          <Choices type="checkbox" small name="inKind" label="In-kind support" errors={errors} defaultValue={offer?.in_kind}
            options={inKind.map((k) => ({ value: k.slug, label: k.name }))} />
          <TextInput name="capacity" label="How many start-ups can you partner with?" width="3" inputMode="numeric" errors={errors} defaultValue={offer?.capacity ?? ""} />
          <h2 className="govuk-heading-m">Your preferences</h2>
          <Choices type="checkbox" small name="prefThemes" label="Themes (optional)" errors={errors} defaultValue={offer?.pref_themes}
            options={themes.map((t) => ({ value: t.slug, label: t.name }))} />
          <TextInput name="prefTags" label="Topics (optional)" hint="Separate topics with commas" errors={errors} defaultValue={offer?.pref_tags.join(", ")} />
          <Choices type="radio" inline small name="trlMin" label="Lowest technology readiness level" errors={errors} defaultValue={String(offer?.trl_min ?? 1)} options={trl} />
          <Choices type="radio" inline small name="trlMax" label="Highest technology readiness level" errors={errors} defaultValue={String(offer?.trl_max ?? 9)} options={trl} />
          <Choices type="checkbox" small name="prefAreaIds" label="Areas (optional)" errors={errors} defaultValue={offer?.pref_area_ids.map(String)}
            options={areas.map((a) => ({ value: String(a.id), label: a.name }))} />
          <Choices type="checkbox" small name="excludedOrgIds" label="Organisations you will not partner with (optional)" errors={errors}
            defaultValue={offer?.excluded_org_ids} options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
          <Textarea name="note" label="Anything else the challenge owner should know (optional)" rows={3} errors={errors} defaultValue={offer?.note} maxLength={TEXT_LIMITS.sponsorship.note} />
          <Button>{offer ? "Save offer" : "Send offer"}</Button>
        </Form>
      </div>
    </div>
  );
}
