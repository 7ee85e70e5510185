// The page frame: skip link, header with the service name and sign-in state, and the footer.
import { Form, Link, NavLink, useLocation } from "@remix-run/react";

export interface HeaderUser {
  name: string;
  isAdmin: boolean;
  isJudge: boolean;
  org: { name: string; kind: string } | null;
  /** False until the account opens the link sent to its address: every page then says so. */
  emailConfirmed: boolean;
}

/** Shown on every page to an account that has not confirmed its address. */
export function ConfirmEmailBanner() {
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="confirm-email-title" data-module="govuk-notification-banner">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="confirm-email-title">Important</h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">
          Confirm your email address to create or join an organisation.{" "}
          <Link className="govuk-notification-banner__link" to="/account/confirm-email">Send the link again</Link>
        </p>
      </div>
    </div>
  );
}

const SERVICE_NAME = "Civic Innovation Challenge";

/** Under the header on every page: the service is in beta, and the feedback form knows which page sent it. */
export function PhaseBanner() {
  const { pathname } = useLocation();
  const href = pathname.startsWith("/feedback") ? "/feedback" : `/feedback?${new URLSearchParams({ from: pathname })}`;
  return (
    <div className="govuk-phase-banner">
      <p className="govuk-phase-banner__content">
        <strong className="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
        <span className="govuk-phase-banner__text">
          This is a new service. Help us improve it by <Link className="govuk-link" to={href}>giving your feedback</Link>.
        </span>
      </p>
    </div>
  );
}

export function Header({ user }: { user: HeaderUser | null }) {
  const items: { to: string; label: string }[] = [{ to: "/challenges", label: "Challenges" }, { to: "/pilots", label: "Pilots" }];
  if (user) items.push({ to: "/my/overview", label: "Your overview" });
  if (user?.org?.kind === "public_body") items.push({ to: "/my/challenges", label: "Your challenges" });
  if (user?.org?.kind === "startup") items.push({ to: "/my/proposals", label: "Your proposals" });
  if (user?.org?.kind === "corporate") items.push({ to: "/my/sponsorships", label: "Your sponsorships" });
  if (user?.isJudge) items.push({ to: "/judging", label: "Judging" });
  if (user) items.push({ to: "/organisations", label: user.org ? user.org.name : "Choose organisation" });
  if (user?.isAdmin) items.push({ to: "/admin", label: "Admin" });
  if (user) items.push({ to: "/account", label: "Your account" });
  return (
    <header className="govuk-template__header">
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
      <div className="govuk-generic-header">
        <div className="govuk-generic-header__container govuk-width-container">
          <div className="govuk-generic-header__logo">
            <Link to="/" className="govuk-generic-header__homepage-link">City Programme Office</Link>
          </div>
        </div>
      </div>
      <section aria-label="Service information" className="govuk-service-navigation" data-module="govuk-service-navigation">
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <span className="govuk-service-navigation__service-name">
              <Link to="/" className="govuk-service-navigation__link">{SERVICE_NAME}</Link>
            </span>
            <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
              <ul className="govuk-service-navigation__list" id="navigation">
                {items.map((i) => (
                  <li key={i.to} className="govuk-service-navigation__item">
                    <NavLink to={i.to} className="govuk-service-navigation__link">{i.label}</NavLink>
                  </li>
                ))}
                <li className="govuk-service-navigation__item">
                  {user ? (
                    <Form method="post" action="/sign-out" className="app-inline-form">
                      <button type="submit" className="govuk-service-navigation__link app-link-button">
                        Sign out<span className="govuk-visually-hidden"> {user.name}</span>
                      </button>
                    </Form>
                  ) : (
                    <NavLink to="/sign-in" className="govuk-service-navigation__link">Sign in</NavLink>
                  )}
                </li>
              </ul>
            </nav>
          </div>
        </div>
      </section>
    </header>
  );
}

export function Footer() {
  return (
    <footer className="govuk-footer">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 className="govuk-visually-hidden">Support links</h2>
            <ul className="govuk-footer__inline-list">
              <li className="govuk-footer__inline-list-item"><Link className="govuk-footer__link" to="/challenges">Open challenges</Link></li>
              <li className="govuk-footer__inline-list-item"><Link className="govuk-footer__link" to="/dashboard">Programme dashboard</Link></li>
              <li className="govuk-footer__inline-list-item"><Link className="govuk-footer__link" to="/open-data">Open data</Link></li>
              <li className="govuk-footer__inline-list-item"><Link className="govuk-footer__link" to="/accessibility">Accessibility</Link></li>
              <li className="govuk-footer__inline-list-item"><Link className="govuk-footer__link" to="/privacy">Privacy</Link></li>
              <li className="govuk-footer__inline-list-item"><Link className="govuk-footer__link" to="/cookies">Cookies</Link></li>
            </ul>
            <span className="govuk-footer__licence-description">
              Open data published under the Open Government Licence v3.0, except where otherwise stated
            </span>
          </div>
        </div>
      </div>
    </footer>
  );
}

