// GOV.UK form fields. Each takes the form's errors and shows the message beside the field, marks it
// aria-invalid, and re-fills what the user typed (errors.values) before falling back to the saved value.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { fieldId, type FormErrors } from "~/lib/form-errors";
import { londonDateParts } from "~/lib/dates";

interface Common {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: FormErrors | null;
  /** Heading-sized label for one-question pages. */
  isPageHeading?: boolean;
}

function submitted(errors: FormErrors | null | undefined, name: string): unknown {
  if (!errors) return undefined;
  if (name in errors.values) return errors.values[name];
  // Conform gives nested values back (criteria: [{ name }]); walk the path of a name like `criteria[0].name`.
  const path = name.split(/[.[\]]+/).filter(Boolean);
  let v: unknown = errors.values;
  for (const key of path) {
    if (v && typeof v === "object") v = (v as Record<string, unknown>)[key];
    else return undefined;
  }
  return v;
}

export function valueOf(errors: FormErrors | null | undefined, name: string, saved: unknown): string {
  const typed = submitted(errors, name);
  const v = errors ? typed : saved;
  if (v === undefined || v === null) return errors ? "" : "";
  return Array.isArray(v) ? v.join(", ") : String(v);
}

function ErrorMessage({ id, message }: { id: string; message?: string }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">{t("errors.prefix")}</span> {message}
    </p>
  );
}

function describedBy(id: string, hint: ReactNode, error?: string) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Label({ id, label, isPageHeading }: { id: string; label: ReactNode; isPageHeading?: boolean }) {
  if (isPageHeading) {
    return (
      <h1 className="govuk-label-wrapper">
        <label className="govuk-label govuk-label--l" htmlFor={id}>{label}</label>
      </h1>
    );
  }
  return <label className="govuk-label govuk-label--s" htmlFor={id}>{label}</label>;
}

export function TextInput(props: Common & {
  defaultValue?: string | number | null;
  type?: "text" | "email" | "password" | "number" | "search" | "url";
  autoComplete?: string;
  width?: "2" | "3" | "4" | "5" | "10" | "20" | "30";
  inputMode?: "numeric" | "decimal" | "text" | "email";
  prefix?: string;
  spellCheck?: boolean;
}) {
  const id = fieldId(props.name);
  const error = props.errors?.fields[props.name];
  const input = (
    <input
      className={`govuk-input${props.width ? ` govuk-input--width-${props.width}` : ""}${error ? " govuk-input--error" : ""}`}
      id={id}
      name={props.name}
      type={props.type ?? "text"}
      defaultValue={props.type === "password" ? undefined : valueOf(props.errors, props.name, props.defaultValue)}
      autoComplete={props.autoComplete}
      inputMode={props.inputMode}
      spellCheck={props.spellCheck}
      aria-describedby={describedBy(id, props.hint, error)}
      aria-invalid={error ? true : undefined}
    />
  );
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={props.label} isPageHeading={props.isPageHeading} />
      {props.hint ? <div id={`${id}-hint`} className="govuk-hint">{props.hint}</div> : null}
      <ErrorMessage id={id} message={error} />
      {props.prefix ? (
        <div className="govuk-input__wrapper">
          <div className="govuk-input__prefix" aria-hidden="true">{props.prefix}</div>
          {input}
        </div>
      ) : input}
    </div>
  );
}

/**
 * A long text field. With `maxLength` it is a GOV.UK character count: the limit is stated under the field
 * (and counted down as the user types, where JavaScript runs), and the server enforces the same number.
 */
export function Textarea(props: Common & { defaultValue?: string | null; rows?: number; maxLength?: number }) {
  const id = fieldId(props.name);
  const error = props.errors?.fields[props.name];
  const counted = props.maxLength !== undefined;
  const { t } = useTranslation();
  const field = (
    <>
      <Label id={id} label={props.label} isPageHeading={props.isPageHeading} />
      {props.hint ? <div id={`${id}-hint`} className="govuk-hint">{props.hint}</div> : null}
      <ErrorMessage id={id} message={error} />
      <textarea
        className={`govuk-textarea${counted ? " govuk-js-character-count" : ""}${error ? " govuk-textarea--error" : ""}`}
        id={id}
        name={props.name}
        rows={props.rows ?? 5}
        defaultValue={valueOf(props.errors, props.name, props.defaultValue)}
        aria-describedby={[describedBy(id, props.hint, error), counted ? `${id}-info` : null].filter(Boolean).join(" ") || undefined}
        aria-invalid={error ? true : undefined}
      />
    </>
  );
  if (!counted) return <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>{field}</div>;
  return (
    <div className={`govuk-form-group govuk-character-count${error ? " govuk-form-group--error" : ""}`} data-module="govuk-character-count" data-maxlength={props.maxLength}
      {...characterCountWords(t)}>
      {field}
      <div id={`${id}-info`} className="govuk-hint govuk-character-count__message">
        {t("characterCount.limit", { count: props.maxLength })}
      </div>
    </div>
  );
}

/**
 * GOV.UK Frontend's character count writes its own messages as the user types ("You have 5 characters
 * remaining"); these data attributes give it the page's language's (its i18n: `%{count}` is its placeholder).
 */
function characterCountWords(t: TFunction): Record<string, string> {
  const words: Record<string, string> = {};
  for (const key of ["characters-under-limit", "characters-over-limit"]) {
    for (const form of ["one", "other"]) words[`data-i18n.${key}.${form}`] = t(`characterCount.${key}.${form}`);
  }
  words["data-i18n.characters-at-limit"] = t("characterCount.characters-at-limit");
  return words;
}

export function Select(props: Common & { options: { value: string; label: string }[]; defaultValue?: string | number | null }) {
  const id = fieldId(props.name);
  const error = props.errors?.fields[props.name];
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={props.label} />
      {props.hint ? <div id={`${id}-hint`} className="govuk-hint">{props.hint}</div> : null}
      <ErrorMessage id={id} message={error} />
      <select
        className={`govuk-select${error ? " govuk-select--error" : ""}`}
        id={id}
        name={props.name}
        defaultValue={valueOf(props.errors, props.name, props.defaultValue)}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error ? true : undefined}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

/** Radios or checkboxes in a fieldset; the first input carries the field id so the summary link lands on it. */
export function Choices(props: Common & {
  type: "radio" | "checkbox";
  options: { value: string; label: string; hint?: string }[];
  defaultValue?: string | string[] | null;
  small?: boolean;
  inline?: boolean;
}) {
  const id = fieldId(props.name);
  const error = props.errors?.fields[props.name];
  const typed = props.errors ? submitted(props.errors, props.name) : props.defaultValue;
  const chosen = new Set((Array.isArray(typed) ? typed : typed == null ? [] : [typed]).map(String));
  const cls = props.type === "radio" ? "govuk-radios" : "govuk-checkboxes";
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, props.hint, error)}>
        <legend className={`govuk-fieldset__legend ${props.isPageHeading ? "govuk-fieldset__legend--l" : "govuk-fieldset__legend--s"}`}>
          {props.isPageHeading ? <h1 className="govuk-fieldset__heading">{props.label}</h1> : props.label}
        </legend>
        {props.hint ? <div id={`${id}-hint`} className="govuk-hint">{props.hint}</div> : null}
        <ErrorMessage id={id} message={error} />
        <div
          className={`${cls}${props.small ? ` ${cls}--small` : ""}${props.inline ? ` ${cls}--inline` : ""}`}
          data-module={props.type === "radio" ? "govuk-radios" : "govuk-checkboxes"}
        >
          {props.options.map((o, i) => {
            const inputId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div key={o.value} className={`${cls}__item`}>
                <input
                  className={`${cls}__input`}
                  id={inputId}
                  name={props.name}
                  type={props.type}
                  value={o.value}
                  defaultChecked={chosen.has(o.value)}
                  aria-describedby={o.hint ? `${inputId}-item-hint` : undefined}
                />
                <label className={`govuk-label ${cls}__label`} htmlFor={inputId}>{o.label}</label>
                {o.hint ? <div id={`${inputId}-item-hint`} className={`govuk-hint ${cls}__hint`}>{o.hint}</div> : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** GOV.UK date input: three fields named `${name}.day|month|year`. */
export function DateInput(props: Common & { defaultValue?: Date | string | null }) {
  const id = fieldId(props.name);
  const error = props.errors?.fields[props.name];
  const saved = props.defaultValue ? londonDateParts(new Date(props.defaultValue)) : null;
  const part = (p: "day" | "month" | "year") => valueOf(props.errors, `${props.name}.${p}`, saved?.[p]);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy(id, props.hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{props.label}</legend>
        {props.hint ? <div id={`${id}-hint`} className="govuk-hint">{props.hint}</div> : null}
        <ErrorMessage id={id} message={error} />
        <div className="govuk-date-input" id={`${id}-group`}>
          {(["day", "month", "year"] as const).map((p, i) => (
            <div key={p} className="govuk-date-input__item">
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={i === 0 ? id : `${id}-${p}`}>
                  {p[0]!.toUpperCase() + p.slice(1)}
                </label>
                <input
                  className={`govuk-input govuk-date-input__input govuk-input--width-${p === "year" ? 4 : 2}${error ? " govuk-input--error" : ""}`}
                  id={i === 0 ? id : `${id}-${p}`}
                  name={`${props.name}.${p}`}
                  type="text"
                  inputMode="numeric"
                  defaultValue={part(p)}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

