// Attachments on a page: the GOV.UK file upload field and a list of files with download links.
import type { ReactNode } from "react";
import { ATTACHMENT_ACCEPT, attachmentTypeLabel, formatBytes, type AttachmentItem } from "~/lib/attachments";
import { formatDateTime } from "~/lib/dates";

export function FileUpload({ id, name = "file", label, hint, error }: { id: string; name?: string; label: ReactNode; hint?: ReactNode; error?: string }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>{label}</label>
      {hint ? <div id={`${id}-hint`} className="govuk-hint">{hint}</div> : null}
      {error ? <p id={`${id}-error`} className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {error}</p> : null}
      <input className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`} id={id} name={name} type="file"
        accept={ATTACHMENT_ACCEPT} aria-describedby={describedBy} aria-invalid={error ? true : undefined} />
    </div>
  );
}

/** Files with their type, size and date; each name downloads it. `action` renders a control per file (e.g. Delete). */
export function AttachmentList({ items, caption, action }: { items: AttachmentItem[]; caption: string; action?: (item: AttachmentItem) => ReactNode }) {
  if (items.length === 0) return <p className="govuk-body">No files attached.</p>;
  return (
    <table className="govuk-table">
      <caption className="govuk-visually-hidden">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">File</th>
          <th scope="col" className="govuk-table__header">Type</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Size</th>
          <th scope="col" className="govuk-table__header">Added</th>
          {action ? <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Actions</span></th> : null}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {items.map((a) => (
          <tr key={a.id} className="govuk-table__row">
            {/* A download (Content-Disposition: attachment), so a full page load rather than client-side navigation. */}
            <td className="govuk-table__cell app-break"><a className="govuk-link" href={`/attachments/${a.id}`} download>{a.name}</a></td>
            <td className="govuk-table__cell">{attachmentTypeLabel(a.mediaType)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatBytes(a.sizeBytes)}</td>
            <td className="govuk-table__cell">{formatDateTime(a.createdAt)}</td>
            {action ? <td className="govuk-table__cell">{action(a)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
