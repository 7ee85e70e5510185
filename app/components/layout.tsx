// The page frame: skip link, header with the service name and sign-in state, and the footer.
// Its words are in the common catalogue (app/locales/<language>/common.json, decision 042).
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";

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
  const { t } = useTranslation();
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="confirm-email-title" data-module="govuk-notification-banner">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="confirm-email-title">{t("confirmEmail.title")}</h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">
          {t("confirmEmail.text")}{" "}
          <Link className="govuk-notification-banner__link" to="/account/confirm-email">{t("confirmEmail.link")}</Link>
        </p>
      </div>
    </div>
  );
}

/** Under the header on every page: the service is in beta, and the feedback form knows which page sent it. */
export function PhaseBanner() {
  const { pathname } = useLocation();
  const { t } = useTranslation();
  const href = pathname.startsWith("/feedback") ? "/feedback" : `/feedback?${new URLSearchParams({ from: pathname })}`;
  return (
    <div className="govuk-phase-banner">
      <p className="govuk-phase-banner__content">
        <strong className="govuk-tag govuk-phase-banner__content__tag">{t("phase.tag")}</strong>
        <span className="govuk-phase-banner__text">
          <Trans t={t} i18nKey="phase.text" components={{ feedback: <Link className="govuk-link" to={href} /> }} />
        </span>
      </p>
    </div>
  );
}

export function Header({ user }: { user: HeaderUser | null }) {
  const { t } = useTranslation();
  const items: { to: string; label: string }[] = [{ to: "/challenges", label: t("header.challenges") }, { to: "/pilots", label: t("header.pilots") }];
  if (user) items.push({ to: "/my/overview", label: t("header.overview") });
  if (user?.org?.kind === "public_body") items.push({ to: "/my/challenges", label: t("header.yourChallenges") });
  if (user?.org?.kind === "startup") items.push({ to: "/my/proposals", label: t("header.yourProposals") });
  if (user?.org?.kind === "corporate") items.push({ to: "/my/sponsorships", label: t("header.yourSponsorships") });
  if (user?.isJudge) items.push({ to: "/judging", label: t("header.judging") });
  if (user) items.push({ to: "/organisations", label: user.org ? user.org.name : t("header.chooseOrganisation") });
  if (user?.isAdmin) items.push({ to: "/admin", label: t("header.admin") });
  if (user) items.push({ to: "/account", label: t("header.account") });
  return (
    <header className="govuk-template__header">
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">{t("header.skip")}</a>
      <div className="govuk-generic-header">
        <div className="govuk-generic-header__container govuk-width-container">
          <div className="govuk-generic-header__logo">
            <Link to="/" className="govuk-generic-header__homepage-link">{t("header.homepage")}</Link>
          </div>
        </div>
      </div>
      <section aria-label={t("header.serviceInformation")} className="govuk-service-navigation" data-module="govuk-service-navigation">
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <span className="govuk-service-navigation__service-name">
              <Link to="/" className="govuk-service-navigation__link">{t("serviceName")}</Link>
            </span>
            <nav aria-label={t("header.menu")} className="govuk-service-navigation__wrapper">
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
                        {t("header.signOut")}<span className="govuk-visually-hidden"> {user.name}</span>
                      </button>
                    </Form>
                  ) : (
                    <NavLink to="/sign-in" className="govuk-service-navigation__link">{t("header.signIn")}</NavLink>
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
  const { t } = useTranslation();
  const links: [string, string][] = [
    ["/challenges", t("footer.openChallenges")], ["/dashboard", t("footer.dashboard")], ["/open-data", t("footer.openData")],
    ["/accessibility", t("footer.accessibility")], ["/privacy", t("footer.privacy")], ["/cookies", t("footer.cookies")],
  ];
  return (
    <footer className="govuk-footer">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 className="govuk-visually-hidden">{t("footer.supportLinks")}</h2>
            <ul className="govuk-footer__inline-list">
              {links.map(([to, label]) => (
                <li key={to} className="govuk-footer__inline-list-item"><Link className="govuk-footer__link" to={to}>{label}</Link></li>
              ))}
            </ul>
            <span className="govuk-footer__licence-description">{t("footer.licence")}</span>
          </div>
        </div>
      </div>
    </footer>
  );
}

