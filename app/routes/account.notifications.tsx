import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/error-summary";
import { Choices } from "~/components/fields";
import { NOTIFICATION_KINDS, OPTIONAL_KINDS } from "~/lib/notification-kinds";
import { requireActor } from "~/server/auth.server";
import { invalid, parseForm } from "~/server/forms.server";
import { getEmailFrequency, getPreferences, setEmailFrequency, setPreferences } from "~/server/notifications.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Email notifications – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const [preferences, frequency] = await Promise.all([getPreferences(actor.user.id), getEmailFrequency(actor.user.id)]);
  return json({ enabled: OPTIONAL_KINDS.filter((k) => preferences[k]), frequency });
}

// Only optional kinds can be chosen; a mandatory kind in the form is an error, not a way to turn it off.
const kind = z.enum(OPTIONAL_KINDS, { error: "Select only the kinds of email listed" });
const schema = z.object({
  kinds: z.array(kind).max(OPTIONAL_KINDS.length).optional().or(kind.transform((k) => [k])).transform((v) => v ?? []),
  // Absent: unchanged (decision 030).
  frequency: z.enum(["immediate", "daily"], { error: "Select how often you want emails" }).optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const parsed = await parseForm(request, schema);
  if (!parsed.ok) return invalid(parsed.errors);
  await setPreferences(actor.user.id, parsed.value.kinds);
  if (parsed.value.frequency) await setEmailFrequency(actor.user.id, parsed.value.frequency);
  return redirect("/account/notifications?saved=1");
}

export default function NotificationPreferences() {
  const { enabled, frequency } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const [params] = useSearchParams();
  const mandatory = NOTIFICATION_KINDS.filter((k) => !k.optional);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {params.get("saved") === "1" && !errors ? (
          <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="saved-title" data-module="govuk-notification-banner">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="saved-title">Success</h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">Your email choices have been saved.</p>
            </div>
          </div>
        ) : null}
        <Link to="/organisations" className="govuk-back-link">Back to your organisations</Link>
        <h1 className="govuk-heading-l">Email notifications</h1>
        <Form method="post" noValidate>
          <Choices
            type="checkbox"
            name="kinds"
            label="Send me emails when"
            hint="Select all that apply."
            options={NOTIFICATION_KINDS.filter((k) => k.optional).map((k) => ({ value: k.kind, label: k.label }))}
            defaultValue={enabled}
            errors={errors}
          />
          <Choices
            type="radio"
            name="frequency"
            label="How often do you want these emails?"
            hint="With a daily summary you get one email each morning with everything since the last one. Links to confirm your address, warnings about your account and judging invitations still come at once."
            options={[{ value: "immediate", label: "As each thing happens" }, { value: "daily", label: "One summary a day" }]}
            defaultValue={frequency}
            errors={errors}
          />
          <p className="govuk-body">You will always get these emails, because they are needed to take part:</p>
          <ul className="govuk-list govuk-list--bullet">
            {mandatory.map((k) => <li key={k.kind}>{k.label}</li>)}
          </ul>
          <Button>Save choices</Button>
        </Form>
      </div>
    </div>
  );
}
