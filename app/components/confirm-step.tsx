// The second step of an irreversible action (app/server/confirm.server.ts): what will happen, a GOV.UK
// warning that it cannot be undone, the button that sends confirm=yes, and a way back. It takes focus when
// it appears, so keyboard and screen-reader users land on the question.
import { Form, Link } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "~/components/button";

export function ConfirmStep(props: {
  intent: string;
  heading: string;
  warning: string;
  button: string;
  cancelTo: string;
  children?: ReactNode;
  /** Other fields the action needs (a pairing's id). */
  hidden?: Record<string, string>;
  warningButton?: boolean;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section aria-labelledby="confirm-heading" id="confirm" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="confirm-heading" tabIndex={-1} ref={ref}>{props.heading}</h2>
      {props.children}
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong className="govuk-warning-text__text"><span className="govuk-visually-hidden">Warning</span>{props.warning}</strong>
      </div>
      <Form method="post">
        <input type="hidden" name="intent" value={props.intent} />
        {Object.entries(props.hidden ?? {}).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
        <div className="govuk-button-group">
          <Button name="confirm" value="yes" variant={props.warningButton ? "warning" : undefined}>
            {props.button}
          </Button>
          <Link className="govuk-link" to={props.cancelTo}>Cancel</Link>
        </div>
      </Form>
    </section>
  );
}

/** The intent an action asked to confirm, from its data. */
export function confirming(data: unknown): string | null {
  return data && typeof data === "object" && "confirm" in data && typeof data.confirm === "string" ? data.confirm : null;
}
