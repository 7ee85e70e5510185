// Links to one table's files (`<base>.csv`, `<base>.xlsx`): plain anchors, as they are downloads and not pages.
export function TableDownloads({ base, what }: { base: string; what: string }) {
  return (
    <p className="govuk-body">
      Download {what} as a <a className="govuk-link" href={`${base}.csv`} download>CSV file</a> or
      a <a className="govuk-link" href={`${base}.xlsx`} download>spreadsheet (XLSX)</a>.
    </p>
  );
}
