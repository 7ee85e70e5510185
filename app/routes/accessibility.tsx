import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Accessibility statement – Civic Innovation Challenge" }];

export default function Accessibility() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement</h1>
        <p className="govuk-body">
          This service is built with the GOV.UK Design System and aims to meet the Web Content Accessibility Guidelines
          (WCAG) 2.2 at level AA. Every page works without JavaScript, and every page is checked automatically with axe-core.
        </p>
        <p className="govuk-body">If you find a problem, contact the programme office and we will fix it or provide the information another way.</p>
      </div>
    </div>
  );
}
