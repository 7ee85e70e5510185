import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { deleteAccount } from "~/server/accounts/personal-data.server";
import { checkCurrentPassword } from "~/server/accounts/users.server";
import { requireActor } from "~/server/auth.server";
import { fieldError, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { confirmStep, isConfirmed } from "~/server/confirm.server";
import { blankSessionCookie } from "~/server/session.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Delete your account – Civic Innovation Challenge" }];

const schema = z.object({
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(256, "Password must be 256 characters or fewer"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const formData = await readFormData(request);
  // Only the page's own "Yes, delete my account" button sends confirm=yes: without it nothing is read or done.
  if (!isConfirmed(formData)) return confirmStep("delete-account");
  const parsed = parseFormData(formData, schema);
  if (!parsed.ok) return invalid(parsed.errors);
  const user = await checkCurrentPassword(actor.user.id, parsed.value.password);
  if (!user) {
    return fieldError("password", "Your password is incorrect", new FormData());
  }
  await deleteAccount(request, user.id);
  return redirect("/account/deleted", { headers: { "Set-Cookie": blankSessionCookie(request) } });
}

export default function DeleteAccount() {
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Delete your account</h1>
        <p className="govuk-body">When you delete your account:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>your name and email address are erased and you are signed out everywhere</li>
          <li>you leave every organisation; if you were its only owner, its longest-standing member becomes the owner</li>
          <li>your email notifications and preferences are deleted</li>
          <li>
            proposals, sponsorships, pilots and measurements stay with their organisations, and reviews you submitted
            stay with the challenge&apos;s results, but none of them will say who you were
          </li>
        </ul>
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This cannot be undone. <a className="govuk-link" href="/account/export" download>Download your data</a> first if you want a copy.
          </strong>
        </div>
        <Form method="post" noValidate>
          <TextInput name="password" label="Enter your password to confirm" type="password" autoComplete="current-password" errors={errors} />
          <div className="govuk-button-group">
            <Button name="confirm" value="yes" variant="warning">Yes, delete my account</Button>
            <Link className="govuk-link" to="/account">Cancel</Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
