import type { MetaFunction } from "@remix-run/node";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Cookies – Civic Innovation Challenge" }];

const COOKIES = [
  {
    name: "civic_session",
    purpose: "Keeps you signed in. It holds a random token, not your details. Scripts on the page cannot read it "
      + "(HttpOnly), and it is not sent with requests started by other websites (SameSite=Lax).",
    expires: "30 days, or when you sign out",
  },
  {
    name: "civic_lang",
    purpose: "Remembers the language you chose on the pages offered in English and Spanish. It holds only the "
      + "language's code (en or es) and is set only when you choose a language.",
    expires: "1 year",
  },
];

export default function Cookies() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Cookies</h1>
        <p className="govuk-body">
          Cookies are small files saved on your device. This service uses two: one once you sign in, and one if
          you choose a language. Both are strictly necessary for what you asked for, so we do not ask for your
          consent to set them.
        </p>
        <p className="govuk-body">We do not use analytics, advertising or any other cookies, and we do not track you.</p>
        <Table caption="Strictly necessary cookies" captionClass="m" rows={COOKIES} rowKey={(c) => c.name} columns={[
          { header: "Name", cell: (c) => c.name },
          { header: "Purpose", cell: (c) => c.purpose },
          { header: "Expires", cell: (c) => c.expires },
        ]} />
      </div>
    </div>
  );
}
