// The service feedback form the phase banner links to from every page: how the person felt about the
// service and what could be better, anonymously (decision 014). Nobody needs to be signed in, and what
// is stored names no one: not the account, not the address, only the page they came from, reduced.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, Textarea } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { feedbackPage, RATINGS } from "~/lib/feedback";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { optionalText } from "~/lib/validation";
import { countFeedback, saveFeedback } from "~/server/feedback.server";
import { invalid, parseForm } from "~/server/forms.server";
import { parseQuery } from "~/server/query-params.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Give feedback – Civic Innovation Challenge" }];

const fromParams = z.object({ from: z.string().optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  // Only the reduced path goes into the page: never what the query said.
  return json({ page: feedbackPage(parseQuery(request, fromParams).value.from) });
}

const RATING_VALUES = RATINGS.map((r) => r.value) as [(typeof RATINGS)[number]["value"], ...(typeof RATINGS)[number]["value"][]];
const RATING_MESSAGE = "Select how you felt about the service";

const schema = z.object({
  rating: z.enum(RATING_VALUES, { error: RATING_MESSAGE }),
  improvement: optionalText("your answer", TEXT_LIMITS.feedback.improvement),
  // A hidden field: a page that is not one of ours is dropped, never an error for the person.
  page: z.unknown().optional().transform(feedbackPage),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, schema);
  if (!parsed.ok) return invalid(parsed.errors);
  await countFeedback(context?.clientIp ?? "unknown");
  await saveFeedback(parsed.value);
  return redirect("/feedback/sent");
}

export default function Feedback() {
  const { page } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Give feedback on the Civic Innovation Challenge</h1>
        <p className="govuk-body">
          Your answers are anonymous: we do not record who you are, your account or your internet address. The programme
          office reads every answer and uses them to improve the service.
        </p>
        <Form method="post" action="/feedback" noValidate>
          <input type="hidden" name="page" value={page ?? ""} />
          <Choices type="radio" name="rating" label="Overall, how did you feel about the service?" options={[...RATINGS]} errors={errors} />
          <Textarea
            name="improvement"
            label="How could we improve this service? (optional)"
            hint="Do not include personal or financial information, like your name, email address or phone number, or details of a proposal."
            rows={6}
            maxLength={TEXT_LIMITS.feedback.improvement}
            errors={errors}
          />
          <Button>Send feedback</Button>
        </Form>
      </div>
    </div>
  );
}
