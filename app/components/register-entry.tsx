// A data-register entry as its pages show it (decision 034): one version's declaration as a GOV.UK summary
// list, and the entry's history as a table, each version with what it changed. Organisations only.
import { SummaryList } from "~/components/summary-list";
import { Table } from "~/components/table";
import { Tag } from "~/components/tag";
import { formatDate } from "~/lib/dates";
import { FIELD_LABEL, LEGAL_BASIS_LABEL, PERSONAL_DATA_TAG, VERSION_TAG } from "~/lib/register";
import type { Declaration, Version } from "~/rules/register/entry";
import type { DeclarationField } from "~/rules/register/history";

export function PersonalDataTag({ personalData }: { personalData: boolean }) {
  return <Tag {...PERSONAL_DATA_TAG[personalData ? "yes" : "no"]} />;
}

export function dpiaText(d: Pick<Declaration, "personalData" | "dpiaDone" | "dpiaOn">): string {
  if (!d.personalData) return "Not needed: no personal data";
  return d.dpiaDone && d.dpiaOn ? `Done on ${formatDate(d.dpiaOn)}` : "Not done yet";
}

export function DeclarationSummary({ d }: { d: Declaration }) {
  return (
    <SummaryList preLine rows={[
      { key: FIELD_LABEL.ownerOrganisation, value: d.ownerOrganisation },
      { key: FIELD_LABEL.description, value: d.description },
      { key: FIELD_LABEL.personalData, value: d.personalData ? "Yes" : "No" },
      { key: FIELD_LABEL.purpose, value: d.purpose },
      { key: FIELD_LABEL.legalBasis, value: d.legalBasis ? LEGAL_BASIS_LABEL[d.legalBasis] : "Not needed: no personal data" },
      { key: FIELD_LABEL.retention, value: d.retention },
      { key: "Data protection impact assessment (DPIA)", value: dpiaText(d) },
      { key: FIELD_LABEL.access, value: d.access },
    ]} />
  );
}

type HistoryRow = Version & { id: string; declaredByOrg: string; declaredAt: string; approvedAt: string | null; changed: DeclarationField[] };

export function EntryHistory({ dataset, rows, approver }: { dataset: string; rows: readonly HistoryRow[]; approver: string }) {
  return (
    <Table
      caption={`History of ${dataset}`}
      captionClass="s"
      rows={[...rows].reverse()}
      rowKey={(r) => r.id}
      columns={[
        { header: "Version", cell: (r) => r.version, rowHeader: true, numeric: true },
        { header: "Status", cell: (r) => <Tag {...VERSION_TAG[r.status]} /> },
        { header: "Declared by", cell: (r) => `${r.declaredByOrg}, ${formatDate(r.declaredAt)}` },
        { header: "Approved", cell: (r) => (r.approvedAt ? `By ${approver}, ${formatDate(r.approvedAt)}` : "Not yet") },
        { header: "What changed", cell: (r) => (r.changed.length ? r.changed.map((f) => FIELD_LABEL[f]).join(", ") : "First declared") },
      ]}
    />
  );
}
