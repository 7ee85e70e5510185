// The programme's data-sharing register (decision 034): every approved entry of every running or completed
// pilot, as it stands; each pilot's page has the entries' history. Public, organisations only; the same
// rows are the open-data file register.csv / register.json.
import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { dpiaText, PersonalDataTag } from "~/components/register-entry";
import { Table } from "~/components/table";
import { LEGAL_BASIS_LABEL } from "~/lib/register";
import { programmeRegister } from "~/server/register/queries.server";

export const meta: MetaFunction = () => [{ title: "Data register – Civic Innovation Challenge" }];

export async function loader() {
  const rows = await programmeRegister();
  return json({ rows, pilots: new Set(rows.map((r) => r.pilotId)).size, personal: rows.filter((r) => r.entry.personalData).length });
}

export default function DataRegister() {
  const { rows, pilots, personal } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-xl">Data register</h1>
      <p className="govuk-body">
        The datasets the programme&apos;s pilots use or receive, as each pilot&apos;s public body has approved them: who owns the data, what
        it is used for, the legal basis, how long it is kept and who may access it. A dataset with personal data shows its data protection
        impact assessment (DPIA): no pilot starts without one. Organisations are named, never people.
      </p>
      <p className="govuk-body">
        {rows.length} {rows.length === 1 ? "dataset" : "datasets"} in {pilots} {pilots === 1 ? "pilot" : "pilots"}, {personal} with personal data.
        Download it as open data: <a className="govuk-link" href="/open-data/register.csv">CSV</a> or <a className="govuk-link" href="/open-data/register.json">JSON</a>.
      </p>
      <Table
        caption="Approved datasets by pilot"
        rows={rows}
        rowKey={(r) => r.entryId}
        empty="No datasets have been approved yet."
        columns={[
          { header: "Dataset", rowHeader: true, cell: (r) => <Link className="govuk-link" to={`/pilots/${r.pilotId}/data#entry-${r.entryId}`}>{r.entry.dataset}</Link> },
          { header: "Pilot", cell: (r) => <Link className="govuk-link" to={`/pilots/${r.pilotId}`}>{r.pilot}</Link> },
          { header: "Owner organisation", cell: (r) => r.entry.ownerOrganisation },
          { header: "Personal data", cell: (r) => <PersonalDataTag personalData={r.entry.personalData} /> },
          { header: "Legal basis", cell: (r) => (r.entry.legalBasis ? LEGAL_BASIS_LABEL[r.entry.legalBasis] : "Not needed") },
          { header: "DPIA", cell: (r) => dpiaText(r.entry) },
          { header: "Version", numeric: true, cell: (r) => r.entry.version },
        ]}
      />
    </>
  );
}
