// The GOV.UK summary list written once (app/components/summary-list.tsx): plain lists, lists with actions
// (whose hidden text says which row), and check-your-answers.
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { SummaryList, type SummaryRow } from "../../../app/components/summary-list";

const html = (rows: (SummaryRow | null)[], props: { answers?: boolean; preLine?: boolean } = {}) =>
  renderToStaticMarkup(<MemoryRouter><SummaryList rows={rows} {...props} /></MemoryRouter>);

describe("SummaryList", () => {
  it("writes plain rows, leaving out null ones, with no action column when no row has an action", () => {
    expect(html([{ key: "Theme", value: "Air quality" }, null])).toBe(
      '<dl class="govuk-summary-list"><div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Theme</dt>'
      + '<dd class="govuk-summary-list__value">Air quality</dd></div></dl>');
  });

  it("gives an action its visually hidden context, and the rows without one the no-actions modifier", () => {
    const out = html([
      { key: "Name", value: "Ada" },
      { key: "Two-factor authentication", value: "Off", action: { href: "/account/two-factor", label: "Set up", hidden: "two-factor authentication" } },
    ]);
    expect(out).toContain('<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Name</dt>');
    expect(out).toMatch(/<dd class="govuk-summary-list__actions"><a class="govuk-link"[^>]* href="\/account\/two-factor">Set up<span class="govuk-visually-hidden"> two-factor authentication<\/span><\/a><\/dd>/);
  });

  it("checking answers: a Change link named by its key, line breaks kept, and an empty answer said", () => {
    const out = html([{ key: "Summary", value: "", href: "/p#summary" }], { answers: true });
    expect(out).toContain('<dd class="govuk-summary-list__value app-pre-line"><span class="govuk-hint govuk-!-margin-bottom-0">Not answered</span></dd>');
    expect(out).toMatch(/>Change<span class="govuk-visually-hidden"> summary<\/span><\/a>/);
    // Outside check-your-answers an empty value stays empty.
    expect(html([{ key: "Summary", value: "" }], { preLine: true })).toContain('<dd class="govuk-summary-list__value app-pre-line"></dd>');
  });
});
