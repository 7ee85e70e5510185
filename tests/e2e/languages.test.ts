// Choosing Spanish in Chromium with JavaScript on (decision 042): the switch on a resident's page turns it,
// and the next translated page, into Spanish (<html lang>, headings, the character count's live message),
// a page that is not translated stays English, and switching back restores English. axe on each.
import { expect, it } from "vitest";
import { expectAccessible, newPage } from "../support/browser";
import { useBrowserApp } from "../support/e2e";
import { createUser, sessionCookieFor } from "../support/factories";

const ctx = useBrowserApp();

it("a resident switches to Spanish and back", async () => {
  const user = await createUser();
  const page = await newPage(ctx.browser, ctx.app.url, await sessionCookieFor(user.id, null));
  try {
    await page.goto("/suggestions/new");
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("en");
    await expectAccessible(page);
    await page.getByRole("navigation", { name: "Language" }).getByRole("button", { name: "Español" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Proponer un problema");
    expect(await page.getAttribute("html", "lang")).toBe("es");
    expect(new URL(page.url()).pathname).toBe("/suggestions/new");
    await page.getByLabel("El problema").fill("Aceras rotas");
    await expect.poll(() => page.locator(".govuk-character-count__status").textContent()).toMatch(/^Le quedan [\d.]+ caracteres$/);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Enviar la propuesta" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary__title").textContent()).toBe("Hay un problema");
    expect(await page.locator(".govuk-error-summary__list").textContent()).toContain("Escriba un título corto");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Retos", exact: true }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Ver los retos");
    await expectAccessible(page);
    await page.goto("/privacy");
    expect(await page.getAttribute("html", "lang")).toBe("en");

    await page.goto("/challenges");
    await page.getByRole("navigation", { name: "Idioma" }).getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Browse challenges");
    expect(await page.getAttribute("html", "lang")).toBe("en");
  } finally {
    await page.context().close();
  }
});
