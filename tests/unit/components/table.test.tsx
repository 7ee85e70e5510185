// The GOV.UK table written once (app/components/table.tsx): what the pages' tables need from it, in the
// markup GOV.UK's styles and screen readers expect.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Table } from "../../../app/components/table";

const rows = [{ id: "a", name: "Alpha", n: 1, url: "x.example/long" }, { id: "b", name: "Beta", n: 22, url: "y.example" }];

describe("Table", () => {
  it("writes caption, column and row headers, numeric cells, cell classes and row ids", () => {
    const html = renderToStaticMarkup(
      <Table caption="Things" captionClass="m" rows={rows} rowKey={(r) => r.id} rowId={(r) => `thing-${r.id}`} columns={[
        { header: "Name", rowHeader: true, cell: (r) => r.name },
        { header: "Count", numeric: true, cell: (r) => r.n },
        { header: "Address", className: "app-break", cell: (r) => r.url },
      ]} />);
    expect(html).toContain('<caption class="govuk-table__caption govuk-table__caption--m">Things</caption>');
    expect(html).toContain('<th scope="col" class="govuk-table__header govuk-table__header--numeric">Count</th>');
    expect(html).toContain('<tr id="thing-a" class="govuk-table__row"><th scope="row" class="govuk-table__header">Alpha</th>'
      + '<td class="govuk-table__cell govuk-table__cell--numeric">1</td><td class="govuk-table__cell app-break">x.example/long</td></tr>');
  });

  it("leaves out the columns given as false, marks a sorted header, and hides the caption by default", () => {
    const html = renderToStaticMarkup(
      <Table caption="Things" rows={rows} rowKey={(r) => r.id} columns={[
        { header: "Name", sort: "ascending", cell: (r) => r.name },
        false,
        null,
      ]} />);
    expect(html).toContain('<caption class="govuk-visually-hidden">Things</caption>');
    expect(html).toContain('<th scope="col" class="govuk-table__header" aria-sort="ascending">Name</th>');
    expect(html.match(/<th /g)).toHaveLength(1);
    expect(html.match(/<td /g)).toHaveLength(2);
  });

  it("says when there are no rows, in one cell across the table", () => {
    const html = renderToStaticMarkup(
      <Table caption="Things" rows={[] as typeof rows} rowKey={(r) => r.id} empty="Nothing yet" columns={[
        { header: "Name", cell: (r) => r.name },
        { header: "Count", numeric: true, cell: (r) => r.n },
      ]} />);
    expect(html).toContain('<tbody class="govuk-table__body"><tr class="govuk-table__row"><td class="govuk-table__cell" colSpan="2">Nothing yet</td></tr></tbody>');
  });
});
