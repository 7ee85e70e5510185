// GOV.UK buttons, written once: the classes, `data-module="govuk-button"` (so GOV.UK Frontend's script can
// stop double clicks and make a link-button answer the space bar) and, for a start button, its arrow.
import { Link } from "@remix-run/react";
import type { ButtonHTMLAttributes, ReactNode } from "react";

export type ButtonVariant = "secondary" | "warning" | "start";

function buttonClass(variant: ButtonVariant | undefined, className: string | undefined) {
  return `govuk-button${variant ? ` govuk-button--${variant}` : ""}${className ? ` ${className}` : ""}`;
}

// The start button's arrow, as GOV.UK Frontend draws it.
function StartIcon() {
  return (
    <svg className="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
    </svg>
  );
}

/** A submit button (or `type="button"`); `name`/`value` carry a form's intent. */
export function Button({ variant, className, preventDoubleClick, type = "submit", name, value, children, ...rest }:
  Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type"> & {
    type?: "submit" | "button" | "reset";
    variant?: ButtonVariant;
    /** GOV.UK Frontend ignores a second click within a second: for actions that must not run twice. */
    preventDoubleClick?: boolean;
  }) {
  // type, name and value come first, as a hand-written button had them (tests read the markup).
  return (
    <button type={type} name={name} value={value} className={buttonClass(variant, className)} data-module="govuk-button"
      data-prevent-double-click={preventDoubleClick ? "true" : undefined} {...rest}>
      {children}
      {variant === "start" ? <StartIcon /> : null}
    </button>
  );
}

/** A link that looks like a button, for a step that is a page rather than a form (GOV.UK's `<a role="button">`). */
export function ButtonLink({ to, variant, className, children }: {
  to: string;
  variant?: ButtonVariant;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Link to={to} role="button" draggable="false" className={buttonClass(variant, className)} data-module="govuk-button">
      {children}
      {variant === "start" ? <StartIcon /> : null}
    </Link>
  );
}
