import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Privacy notice – Civic Innovation Challenge" }];

export default function Privacy() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Privacy notice</h1>
        <p className="govuk-body">
          The City Programme Office runs the Civic Innovation Challenge and is the data controller for the personal data
          it holds. This notice says what we hold, why, for how long, who sees it and what your rights are.
        </p>

        <h2 className="govuk-heading-m">What we hold</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>your name, email address and a one-way hash of your password (never the password itself)</li>
          <li>
            the organisations you belong to and your role in each; when you leave a start-up or corporate (or are removed),
            a conflict of interest with it, so that as a judge you are never given its proposals
          </li>
          <li>your signed-in sessions: when each started and when it expires</li>
          <li>if you judge: your expertise, how many proposals you can review, conflicts of interest you declare, and your reviews and scores</li>
          <li>emails we send you and your email notification choices</li>
          <li>
            if you choose to answer them: your equality monitoring answers (gender, ethnic group, disability, age band,
            borough), kept apart from everything else, seen by nobody, and published only as counts with small numbers
            withheld; you can change or withdraw them at any time
          </li>
          <li>which proposals, sponsorship offers and pilot measurements you created or recorded</li>
          <li>
            an audit trail of what you do and see here: sign-ins (and failed attempts on your account), changes you make,
            proposals you open as a judge, sponsor or challenge owner, files you download and exports, each with the
            time and the internet (IP) address it came from
          </li>
        </ul>

        <h2 className="govuk-heading-m">Why we hold it</h2>
        <p className="govuk-body">
          To run the programme in the public interest: to let you sign in and act for your organisation, to judge
          proposals fairly, to pair teams and track pilots, and to tell you about things that need your attention.
        </p>

        <h2 className="govuk-heading-m">How long we keep it</h2>
        <p className="govuk-body">
          Sessions end after 30 days without use, or when you sign out. Everything else is kept while you have an account.
          When you delete your account we erase your name, email address and password, your sessions, memberships,
          emails and preferences at once. Records other people rely on — submitted reviews and scores, proposals,
          sponsorships, pilots and measurements — stay with their challenge or organisation but no longer say who you were.
        </p>
        <p className="govuk-body">
          The audit trail cannot be changed or deleted, by us or anyone else: it is how the city shows who saw and did what
          with the data it holds. After you delete your account its entries keep only an anonymous number and the IP address.
        </p>

        <h2 className="govuk-heading-m">Who sees it</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>members of your organisation see your name and what you did for the organisation</li>
          <li>judges on a blind-review challenge see proposals anonymised, without the start-up&apos;s name or team</li>
          <li>start-ups see their feedback but never the names of the judges who wrote it</li>
          <li>
            start-ups see when their proposals were opened, and by whom: challenge owners and sponsors by name, judges
            only as &ldquo;Judge 1&rdquo;, &ldquo;Judge 2&rdquo; and so on
          </li>
          <li>programme administrators can search the audit trail</li>
          <li>programme administrators see accounts and organisations to verify them and to run the programme</li>
          <li>
            the <Link className="govuk-link" to="/open-data">open data</Link> and public pages hold no personal data:
            no names, email addresses, reviews or comments
          </li>
        </ul>
        <p className="govuk-body">We do not sell your data or share it for marketing, and we use no analytics or advertising services.</p>
        <p className="govuk-body">
          Answers to the <Link className="govuk-link" to="/feedback">feedback form</Link> are anonymous: we keep the rating,
          what you wrote, the page you came from (without anything in it that names a record) and the day, but not your
          account, email address or internet address. They are kept for two years.
        </p>

        <h2 className="govuk-heading-m">Your rights and how to use them</h2>
        <p className="govuk-body">You have the right to:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            get a copy of your data — <a className="govuk-link" href="/account/export" download>download your data</a> as a
            JSON file at any time from <Link className="govuk-link" to="/account">your account</Link>
          </li>
          <li>have your data corrected — contact the programme office</li>
          <li>have your data erased — <Link className="govuk-link" to="/account/delete">delete your account</Link></li>
          <li>object to or restrict how we use your data — contact the programme office</li>
          <li>complain to the Information Commissioner&apos;s Office (ico.org.uk) if you are unhappy with how we use your data</li>
        </ul>
        <p className="govuk-body">
          We use one cookie, to keep you signed in. Read about it on the <Link className="govuk-link" to="/cookies">cookies page</Link>.
        </p>
      </div>
    </div>
  );
}
