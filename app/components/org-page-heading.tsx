// The top of an organisation's own pages (members, API tokens): errors, the notice, the way back and the title.
import { Link } from "@remix-run/react";
import type { FormErrors } from "~/lib/form-errors";
import { ErrorSummary } from "./error-summary";
import { Notice } from "./notice";

export function OrgPageHeading({ org, title, errors }: { org: { id: string; name: string }; title: string; errors?: FormErrors }) {
  return (
    <>
      <ErrorSummary errors={errors} />
      <Notice />
      <Link to={`/organisations/${org.id}`} className="govuk-back-link">Back to {org.name}</Link>
      <span className="govuk-caption-l">{org.name}</span>
      <h1 className="govuk-heading-l">{title}</h1>
    </>
  );
}
