import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { changePasswordSchema } from "~/server/accounts/account-forms";
import { passwordProblem } from "~/server/accounts/password-policy.server";
import { startSession } from "~/server/accounts/sign-in.server";
import { checkCurrentPassword, setPassword } from "~/server/accounts/users.server";
import { requireActor } from "~/server/auth.server";
import { fieldError, invalid, parseForm } from "~/server/forms.server";
import { invalidateUserSessions } from "~/server/session.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Change your password – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const parsed = await parseForm(request, changePasswordSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  const user = await checkCurrentPassword(actor.user.id, parsed.value.currentPassword);
  if (!user) {
    return fieldError("currentPassword", "Your current password is incorrect", new FormData());
  }
  const problem = passwordProblem(parsed.value.newPassword, { email: user.email, name: user.name });
  if (problem) return fieldError("newPassword", problem, new FormData());
  await setPassword(user.id, parsed.value.newPassword);
  // A changed password ends every session, this one included; a fresh one keeps this browser signed in.
  await invalidateUserSessions(user.id);
  // This browser already gave its second factor (requireActor let it in), so the new session keeps that.
  return startSession(request, user.id, "/organisations?notice=password-changed", { twoFactorVerified: true });
}

export default function ChangePassword() {
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Change your password</h1>
        <Form method="post" noValidate>
          <TextInput name="currentPassword" label="Current password" type="password" autoComplete="current-password" errors={errors} />
          <TextInput name="newPassword" label="New password" type="password" autoComplete="new-password" errors={errors}
            hint="Use 8 characters or more: a long phrase of several words is easy to remember and hard to guess. Very common passwords are refused." />
          <Button>Change password</Button>
        </Form>
      </div>
    </div>
  );
}
