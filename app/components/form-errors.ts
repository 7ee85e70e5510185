// The errors and typed values a form page shows: those of the action that just failed, or else those of a
// form this browser sent to this page after its session had ended (kept by unsaved-forms.server and
// handed back once by the root loader after signing in again), with a message saying nothing was saved.
import { useLocation, useRouteLoaderData } from "@remix-run/react";
import type { FormErrors } from "~/lib/form-errors";

export const UNSAVED_MESSAGE =
  "You were signed out before this was saved, so nothing has changed yet. Check your answers below and send the form again.";

export function useFormErrors(actionData: { errors?: unknown } | null | undefined): FormErrors | undefined {
  const root = useRouteLoaderData("root") as { unsaved?: Record<string, unknown> | null } | undefined;
  if (actionData?.errors) return actionData.errors as FormErrors;
  if (!root?.unsaved) return undefined;
  return { summary: [{ text: UNSAVED_MESSAGE, href: "#main-content" }], fields: {}, values: root.unsaved };
}

/**
 * A key for a form that adds things (an invitation, a conflict, a milestone): it changes with every
 * completed navigation, so React mounts the form afresh and it is empty again after a success. After an
 * error the fields are filled again from the errors' values, so what was typed is kept.
 */
export function useAddFormKey(success?: string | null): string {
  return `${useLocation().key}:${success ?? ""}`;
}
