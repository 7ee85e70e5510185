// The GOV.UK button markup, written once in app/components/button.tsx: what GOV.UK Frontend's script and
// styles look for (classes, data-module, the start arrow) and what the pages' forms send (name, value).
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { Button, ButtonLink } from "../../../app/components/button";

const html = (node: React.ReactNode) => renderToStaticMarkup(<MemoryRouter>{node}</MemoryRouter>);

describe("Button", () => {
  it("is a submit button GOV.UK Frontend picks up, with the intent first as the forms had it", () => {
    expect(html(<Button name="intent" value="approve">Approve the plan</Button>)).toBe(
      '<button type="submit" name="intent" value="approve" class="govuk-button" data-module="govuk-button">Approve the plan</button>');
  });

  it("takes a variant and extra classes, and stops double clicks when asked", () => {
    expect(html(<Button variant="warning" className="govuk-!-margin-bottom-0" preventDoubleClick>Remove</Button>)).toBe(
      '<button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button" data-prevent-double-click="true">Remove</button>');
    expect(html(<Button variant="secondary" disabled>Save</Button>)).toContain('class="govuk-button govuk-button--secondary" data-module="govuk-button" disabled=""');
  });

  it("draws the start button's arrow", () => {
    const start = html(<Button variant="start">Start now</Button>);
    expect(start).toContain('class="govuk-button govuk-button--start"');
    expect(start).toMatch(/Start now<svg class="govuk-button__start-icon"[^>]*aria-hidden="true" focusable="false">/);
  });
});

describe("ButtonLink", () => {
  it("is a link with GOV.UK's button role, not draggable", () => {
    // React Router adds its own data-discover between; the rest is GOV.UK's markup.
    expect(html(<ButtonLink to="/organisations/new" variant="secondary">Create an organisation</ButtonLink>)).toMatch(
      /^<a role="button" draggable="false" class="govuk-button govuk-button--secondary" data-module="govuk-button"[^>]* href="\/organisations\/new">Create an organisation<\/a>$/);
  });
});
