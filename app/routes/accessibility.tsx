// The accessibility statement the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
// Accessibility Regulations 2018 require, in the order of GOV.UK's sample statement. It says only what
// this service does and what its tests check: axe-core in Chromium on every page as every role
// (tests/e2e/all-pages.test.ts) and eslint-plugin-jsx-a11y on the code. No manual keyboard or
// screen-reader audit has been done yet, so it claims "partially compliant" and says so.
import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Accessibility statement – Civic Innovation Challenge" }];

/** Where people ask for another format or report a problem: the programme office's own inbox. */
const CONTACT = "accessibility@civic.example";
const PREPARED = "1 December 2026";
const REVIEWED = "1 December 2026";

export default function Accessibility() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement for the Civic Innovation Challenge</h1>
        <p className="govuk-body">
          This accessibility statement applies to the Civic Innovation Challenge service, where public bodies post
          challenges, start-ups send proposals, judges score them, companies sponsor them and the city follows the
          pilots that come out of them.
        </p>
        <p className="govuk-body">
          This website is run by the City Programme Office. We want as many people as possible to be able to use it.
          For example, that means you should be able to:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>navigate most of the website using a keyboard or speech recognition software</li>
          <li>listen to most of the website using a screen reader</li>
        </ul>
        <p className="govuk-body">We have also made the text as simple as we can to understand.</p>
        <p className="govuk-body">
          <a className="govuk-link" href="https://mcmw.abilitynet.org.uk/" rel="noreferrer">AbilityNet</a> has advice on
          making your device easier to use if you have a disability.
        </p>

        <h2 className="govuk-heading-m">How accessible this website is</h2>
        <p className="govuk-body">We know some parts of this website are not fully accessible:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            the charts on the programme dashboard, the challenge dashboards, your overview and the pilot pages are pictures: a screen
            reader reads a one-sentence summary of each, not every value, and on a small screen a chart shrinks to fit, so
            its labels can become hard to read (the same numbers are in a table under &ldquo;Show the numbers&rdquo;
            beneath every chart)
          </li>
          <li>files that start-ups and pilot teams upload (PDF documents and images) may not be accessible</li>
          <li>we have not yet checked every page by hand with a keyboard alone or with a screen reader</li>
        </ul>

        <h2 className="govuk-heading-m">Feedback and contact information</h2>
        <p className="govuk-body">
          If you need information on this website in a different format, like accessible PDF, large print, easy read,
          audio recording or braille, email <a className="govuk-link" href={`mailto:${CONTACT}`}>{CONTACT}</a>.
        </p>
        <p className="govuk-body">We&apos;ll consider your request and get back to you in 5 working days.</p>
        <p className="govuk-body">
          You can also <Link className="govuk-link" to="/feedback">tell us what you think of the service</Link> without
          giving your name.
        </p>

        <h2 className="govuk-heading-m">Reporting accessibility problems with this website</h2>
        <p className="govuk-body">
          We&apos;re always looking to improve the accessibility of this website. If you find any problems not listed on
          this page or think we&apos;re not meeting accessibility requirements, email{" "}
          <a className="govuk-link" href={`mailto:${CONTACT}`}>{CONTACT}</a>. Tell us the web address of the page and
          what you were trying to do.
        </p>

        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites
          and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the &lsquo;accessibility regulations&rsquo;). If
          you&apos;re not happy with how we respond to your complaint,{" "}
          <a className="govuk-link" href="https://www.equalityadvisoryservice.com/" rel="noreferrer">
            contact the Equality Advisory and Support Service (EASS)
          </a>.
        </p>

        <h2 className="govuk-heading-l">Technical information about this website&apos;s accessibility</h2>
        <p className="govuk-body">
          The City Programme Office is committed to making its website accessible, in accordance with the Public Sector
          Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.
        </p>

        <h3 className="govuk-heading-s">Compliance status</h3>
        <p className="govuk-body">
          This website is partially compliant with the{" "}
          <a className="govuk-link" href="https://www.w3.org/TR/WCAG22/" rel="noreferrer">Web Content Accessibility Guidelines version 2.2</a>{" "}
          AA standard, due to the non-compliances listed below.
        </p>

        <h2 className="govuk-heading-m">Non-accessible content</h2>
        <p className="govuk-body">The content listed below is non-accessible for the following reasons.</p>

        <h3 className="govuk-heading-s">Non-compliance with the accessibility regulations</h3>
        <p className="govuk-body">
          The charts are drawn at a fixed size and scaled down to fit narrow screens, so their axis labels and values can
          be smaller than the rest of the text. This may fail WCAG 2.2 success criterion 1.4.4 (Resize text). Each chart has
          the same numbers in a table under &ldquo;Show the numbers&rdquo;, which reflows like the rest of the page.
        </p>
        <p className="govuk-body">
          A screen reader announces each chart by its title and a one-sentence summary, not the values it shows. The values
          are in the table under it. We plan to say more in each summary by June 2027.
        </p>

        <h3 className="govuk-heading-s">Content that&apos;s not within the scope of the accessibility regulations</h3>
        <p className="govuk-body">
          Proposals, plans and evidence files are uploaded by the start-ups, public bodies and companies taking part, not
          by us. We do not check these documents and images for accessibility. If you need one in another format, email{" "}
          <a className="govuk-link" href={`mailto:${CONTACT}`}>{CONTACT}</a> and we will ask the organisation that
          uploaded it.
        </p>

        <h2 className="govuk-heading-m">What we&apos;re doing to improve accessibility</h2>
        <p className="govuk-body">
          Every page is checked automatically whenever the service changes (see below). By June 2027 we will also test the
          main journeys by hand, with a keyboard alone and with a screen reader, and publish what we find here.
        </p>

        <h2 className="govuk-heading-l">Preparation of this accessibility statement</h2>
        <p className="govuk-body">This statement was prepared on {PREPARED}. It was last reviewed on {REVIEWED}.</p>
        <p className="govuk-body">
          This website was last tested on {PREPARED}. The test was carried out by the team that builds the service, with
          automated checks only:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            before every change is accepted, every page of the service is opened in the Chromium browser, with JavaScript
            on, as a visitor and as each kind of user (start-up, public body, company, judge and programme administrator),
            and checked with the axe-core accessibility engine against the WCAG 2.0, 2.1 and 2.2 A and AA rules it can test
            automatically; a page with any failure, a script error or a console error stops the change
          </li>
          <li>the journeys for applying, judging, pairing teams and running a pilot are walked through in the same way, and each page they pass is checked</li>
          <li>the code of every page is checked for common accessibility mistakes (eslint-plugin-jsx-a11y)</li>
        </ul>
        <p className="govuk-body">
          Automated checks find only some accessibility problems. We have not yet had the website audited by hand or tested
          it with disabled people; this is why it is &ldquo;partially compliant&rdquo;.
        </p>
      </div>
    </div>
  );
}
