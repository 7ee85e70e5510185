// "Quote this reference" on an error page: the request's id (X-Request-Id), which every log line of that
// request carries, so support can find what went wrong. The server renders it from the load context; the
// browser, hydrating that page, reads the same id back from the page once. An error met later, in a
// navigation in the browser, shows none: that request's id is in its own answer's header and log lines.
import { createContext, useContext, useState } from "react";
import { Trans, useTranslation } from "react-i18next";

export const RequestIdContext = createContext<string | undefined>(undefined);

const ELEMENT_ID = "request-reference";
let hydrated = false;

function fromServerRenderedPage(): string | undefined {
  if (typeof document === "undefined" || hydrated) return undefined;
  hydrated = true;
  return document.getElementById(ELEMENT_ID)?.dataset.reference;
}

export function RequestReference() {
  const rendered = useContext(RequestIdContext);
  const [id] = useState(() => rendered ?? fromServerRenderedPage());
  const { t } = useTranslation();
  if (!id) return null;
  return (
    <p className="govuk-body" id={ELEMENT_ID} data-reference={id}>
      <Trans t={t} i18nKey="errorPage.reference" values={{ id }} components={{ ref: <strong /> }} />
    </p>
  );
}
