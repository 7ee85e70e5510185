import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Cookies – Civic Innovation Challenge" }];

export default function Cookies() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Cookies</h1>
        <p className="govuk-body">
          Cookies are small files saved on your device. This service uses one cookie, and only once you sign in.
          It is strictly necessary, so we do not ask for your consent to set it.
        </p>
        <p className="govuk-body">We do not use analytics, advertising or any other cookies, and we do not track you.</p>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Strictly necessary cookies</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Purpose</th>
              <th scope="col" className="govuk-table__header">Expires</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            <tr className="govuk-table__row">
              <td className="govuk-table__cell">civic_session</td>
              <td className="govuk-table__cell">
                Keeps you signed in. It holds a random token, not your details. Scripts on the page cannot read it
                (HttpOnly), and it is not sent with requests started by other websites (SameSite=Lax).
              </td>
              <td className="govuk-table__cell">30 days, or when you sign out</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
