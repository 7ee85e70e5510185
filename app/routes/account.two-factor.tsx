// Setting up and managing the second factor: enrol with an authenticator app (QR code or typed key,
// confirmed with a current code), then see ten recovery codes once; later make new recovery codes or,
// for users who are not required to have one, turn it off. Judges and admins are sent here until enrolled.
import { counted } from "~/lib/words";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { decodeBase64 } from "@oslojs/encoding";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { confirmTwoFactorSchema, enrolTwoFactorSchema } from "~/server/accounts/account-forms";
import { generateTotpKey } from "~/server/accounts/totp.server";
import {
  confirmWithTotp, disableTwoFactor, enableTwoFactor, enrolmentView, renewRecoveryCodes, twoFactorStatus,
} from "~/server/accounts/two-factor.server";
import { requireActor } from "~/server/auth.server";
import { fieldError, invalid, parseFormData, readFormData, toFormErrors } from "~/server/forms.server";
import { badRequest, forbidden, safeRedirectPath } from "~/server/http.server";
import { markSessionTwoFactorVerified } from "~/server/session.server";
import { Button, ButtonLink } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Two-factor authentication – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const status = await twoFactorStatus(actor.user.id);
  return json({
    enabled: status.enabledAt !== null,
    required: actor.twoFactor.required,
    recoveryCodesLeft: status.recoveryCodesLeft,
    // A fresh key each time the page is shown; it is only stored once a code from it is confirmed.
    enrolment: status.enabledAt === null ? enrolmentView(generateTotpKey(), actor.user.email) : null,
  });
}

const CODE_MESSAGES = {
  malformed: "Enter the 6-digit code from your app",
  wrong: "The code is not correct. Enter the code your app shows now",
  replay: "That code has already been used. Wait for your app to show a new code",
  "not-enrolled": "Two-factor authentication is not set up",
} as const;

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "enable") {
    const parsed = parseFormData(formData, enrolTwoFactorSchema);
    const keyText = formData.get("key");
    const key = typeof keyText === "string" && /^[A-Za-z0-9+/]{27}=$/.test(keyText) ? decodeBase64(keyText) : null;
    if (!key) badRequest("The set-up key is missing: reload the page and start again");
    // On a mistake the same key is shown again, so the app the user just set up keeps working.
    const again = enrolmentView(key, actor.user.email);
    if (!parsed.ok) return json({ errors: parsed.errors, enrolment: again, recoveryCodes: null, redirectTo: null }, { status: 400 });
    const result = await enableTwoFactor(request, actor.user.id, key, parsed.value.code);
    if (!result.ok) {
      if (result.reason === "already-enabled") throw redirect("/account/two-factor");
      const errors = toFormErrors({ code: CODE_MESSAGES[result.reason] }, {});
      return json({ errors, enrolment: again, recoveryCodes: null, redirectTo: null }, { status: 400 });
    }
    // This browser has just shown the second factor: its session counts as verified.
    await markSessionTwoFactorVerified(actor.session.id);
    return json({ errors: null, enrolment: null, recoveryCodes: result.recoveryCodes, redirectTo: safeRedirectPath(parsed.value.redirectTo, "/account") });
  }

  const parsed = parseFormData(formData, confirmTwoFactorSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  if (parsed.value.intent === "disable" && actor.twoFactor.required) {
    forbidden("Judges and programme administrators must keep two-factor authentication on");
  }
  const check = await confirmWithTotp(request, actor, parsed.value.code);
  if (!check.ok) return fieldError("code", CODE_MESSAGES[check.reason], new FormData());
  if (parsed.value.intent === "disable") {
    await disableTwoFactor(request, actor.user.id);
    throw redirect("/account?notice=two-factor-off");
  }
  const recoveryCodes = await renewRecoveryCodes(request, actor.user.id);
  return json({ errors: null, enrolment: null, recoveryCodes, redirectTo: "/account" });
}

type ActionData = {
  errors: ReturnType<typeof toFormErrors> | null;
  enrolment?: ReturnType<typeof enrolmentView> | null;
  recoveryCodes?: string[] | null;
  redirectTo?: string | null;
};

export default function TwoFactor() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const errors = actionData?.errors ?? null;

  if (actionData?.recoveryCodes) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Save your recovery codes</h1>
          </div>
          <p className="govuk-body">
            If you lose your phone, each of these codes lets you sign in once instead of a code from your app.
            Keep them somewhere safe, such as a password manager. <strong>They will not be shown again.</strong>
          </p>
          <ul className="govuk-list" aria-label="Recovery codes" data-testid="recovery-codes">
            {actionData.recoveryCodes.map((c) => <li key={c}><code>{c}</code></li>)}
          </ul>
          <ButtonLink to={actionData.redirectTo ?? "/account"}>I have saved my recovery codes</ButtonLink>
        </div>
      </div>
    );
  }

  const enrolment = actionData?.enrolment ?? data.enrolment;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Two-factor authentication</h1>
        {!data.enabled && enrolment ? (
          <>
            {data.required ? (
              <div className="govuk-inset-text">
                Judges and programme administrators must set up two-factor authentication before they can continue.
              </div>
            ) : null}
            <p className="govuk-body">
              When you sign in you will enter a code from an authenticator app on your phone as well as your password.
            </p>
            <h2 className="govuk-heading-m">1. Add this service to your authenticator app</h2>
            <p className="govuk-body">Scan this QR code with your app, or enter the set-up key below by hand.</p>
            <img src={enrolment.qrDataUri} width={200} height={200} alt="QR code for setting up your authenticator app. The same set-up key is written below." />
            <p className="govuk-body">Set-up key: <code data-testid="totp-key">{enrolment.keyText}</code></p>
            <h2 className="govuk-heading-m">2. Enter the code your app shows</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="enable" />
              <input type="hidden" name="key" value={enrolment.key} />
              <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/account"} />
              <TextInput name="code" label="Security code" autoComplete="one-time-code" inputMode="numeric" width="5" spellCheck={false} errors={errors} />
              <Button>Turn on two-factor authentication</Button>
            </Form>
          </>
        ) : (
          <>
            <p className="govuk-body">
              {`Two-factor authentication is on. You have ${counted(data.recoveryCodesLeft, "unused recovery code")}.`}
            </p>
            <p className="govuk-body">
              Making new recovery codes stops the old ones working.{" "}
              {data.required
                ? "Judges and programme administrators must keep two-factor authentication on."
                : "You can turn two-factor authentication off, but your account will be easier to break into."}
            </p>
            <Form method="post" noValidate>
              <TextInput name="code" label="Security code from your app" autoComplete="one-time-code" inputMode="numeric" width="5" spellCheck={false} errors={errors}
                hint="Needed to make new recovery codes or to turn two-factor authentication off." />
              <div className="govuk-button-group">
                <Button name="intent" value="regenerate">Make new recovery codes</Button>
                {data.required ? null : (
                  <Button name="intent" value="disable" variant="warning">Turn off two-factor authentication</Button>
                )}
              </div>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
