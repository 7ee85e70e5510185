// Attachments on a page: the GOV.UK file upload field and a list of files with download links.
import type { ReactNode } from "react";
import { ATTACHMENT_ACCEPT, attachmentTypeLabel, formatBytes, type AttachmentItem } from "~/lib/attachments";
import { formatDateTime } from "~/lib/dates";
import { Table } from "~/components/table";

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
    <Table caption={caption} rows={items} rowKey={(a) => a.id} columns={[
      // A download (Content-Disposition: attachment), so a full page load rather than client-side navigation.
      { header: "File", className: "app-break", cell: (a) => <a className="govuk-link" href={`/attachments/${a.id}`} download>{a.name}</a> },
      { header: "Type", cell: (a) => attachmentTypeLabel(a.mediaType) },
      { header: "Size", numeric: true, cell: (a) => formatBytes(a.sizeBytes) },
      { header: "Added", cell: (a) => formatDateTime(a.createdAt) },
      action && { header: <span className="govuk-visually-hidden">Actions</span>, cell: (a) => action(a) },
    ]} />
  );
}
