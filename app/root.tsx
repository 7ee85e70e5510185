import { takeUnsavedForm } from "~/server/unsaved-forms.server";
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useMatches, useRouteError, useRouteLoaderData,
} from "@remix-run/react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { useEffect, type ReactNode } from "react";
import { LanguageSwitch } from "./components/language-switch";
import { ConfirmEmailBanner, Footer, Header, PhaseBanner, type HeaderUser } from "./components/layout";
import { DEFAULT_LOCALE, i18nFor, type Locale } from "./lib/i18n";
import { useNonce } from "./lib/nonce";
import { RequestReference } from "./lib/request-reference";
import { getActor } from "./server/auth.server";
import { preferredLocale } from "./server/locale.server";
import appStyles from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/govuk/govuk-frontend.min.css" },
  { rel: "stylesheet", href: appStyles },
  // The site's own icons (public/), not GOV.UK's crown, which only GOV.UK itself may use.
  { rel: "icon", href: "/favicon.ico", sizes: "48x48" },
  { rel: "icon", href: "/favicon.svg", sizes: "any", type: "image/svg+xml" },
  { rel: "apple-touch-icon", href: "/apple-touch-icon.png" },
  { rel: "manifest", href: "/site.webmanifest" },
];

export const meta: MetaFunction = () => [{ title: "Civic Innovation Challenge" }];

/**
 * A Response thrown by any route is rendered here, in the root ErrorBoundary, and Remix gives a page only
 * the headers its routes' `headers` functions return, up to the boundary: so the root passes on what a
 * thrown answer says about retrying (429 "Too many attempts"), as the route's data request already does.
 * Only that: the thrown Response's other headers (its text/plain Content-Type) do not describe this page.
 */
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const retryAfter = errorHeaders?.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const user: HeaderUser | null = actor
    ? {
        name: actor.user.name,
        isAdmin: actor.user.isAdmin,
        isJudge: actor.user.isJudge,
        org: actor.org ? { name: actor.org.name, kind: actor.org.kind } : null,
        emailConfirmed: actor.user.emailConfirmed,
      }
    : null;
  // A form this browser sent to this page after its session had ended: shown again, once (unsaved-forms).
  const unsaved = actor ? await takeUnsavedForm(request) : null;
  // The language asked for; only pages whose route says `handle.i18n` are shown in it (decision 042).
  return json({ user, unsaved, locale: preferredLocale(request) });
}

/** Whether the page is offered in every language: its route says so with `handle = { i18n: true }`. */
function useIsTranslated(): boolean {
  return useMatches().some((m) => (m.handle as { i18n?: boolean } | undefined)?.i18n === true);
}

function Document({ children, user, preferred }: { children: ReactNode; user: HeaderUser | null; preferred?: Locale }) {
  // The reader's choice on a translated page, English everywhere else.
  const translated = useIsTranslated();
  const locale = translated && preferred ? preferred : DEFAULT_LOCALE;
  return (
    <I18nextProvider i18n={i18nFor(locale)}>
      <Frame user={user} locale={locale} translated={translated}>
        {children}
      </Frame>
    </I18nextProvider>
  );
}

function Frame({ children, user, locale, translated }: { children: ReactNode; user: HeaderUser | null; locale: Locale; translated: boolean }) {
  const nonce = useNonce();
  useEffect(() => {
    // GOV.UK Frontend's enhancements (menu toggle, error summary focus) once React owns the page.
    document.body.classList.add("js-enabled", "govuk-frontend-supported");
    void import("govuk-frontend").then(({ initAll }) => initAll());
  }, []);
  return (
    <html lang={locale} className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <Header user={user} />
        <div className="govuk-width-container">
          <PhaseBanner />
          {translated ? <LanguageSwitch current={locale} /> : null}
          <main className="govuk-main-wrapper" id="main-content">
            {user && !user.emailConfirmed ? <ConfirmEmailBanner /> : null}
            {children}
          </main>
        </div>
        <Footer />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, locale } = useLoaderData<typeof loader>();
  return (
    <Document user={user} preferred={locale}>
      <Outlet />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <Document user={data?.user ?? null} preferred={data?.locale}>
      <ErrorPage error={error} />
    </Document>
  );
}

const ERROR_TITLES = new Set([400, 403, 404, 413, 429]);

export function ErrorPage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (isRouteErrorResponse(error)) {
    const title = ERROR_TITLES.has(error.status) ? t(`errorPage.${error.status}`) : t("errorPage.default");
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{title}</h1>
          {typeof error.data === "string" && error.data && error.data !== title ? <p className="govuk-body">{error.data}</p> : null}
          {error.status === 404 ? <p className="govuk-body">{t("errorPage.checkAddress")}</p> : null}
          <p className="govuk-body"><a className="govuk-link" href="/challenges">{t("errorPage.browse")}</a></p>
          <RequestReference />
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("errorPage.default")}</h1>
        <p className="govuk-body">{t("errorPage.tryLater")}</p>
        <RequestReference />
      </div>
    </div>
  );
}
