// GOV.UK task list: each task's name (a link while it can be done), an optional hint, and its status.
import { Link } from "@remix-run/react";
import { TASK_STATUS, type Task } from "~/lib/task-list";
import { Tag } from "./tag";

export function TaskList({ tasks, idPrefix }: { tasks: Task[]; idPrefix: string }) {
  return (
    <ul className="govuk-task-list">
      {tasks.map((t) => {
        const id = `${idPrefix}-${t.id}`;
        const status = TASK_STATUS[t.status];
        const describedBy = [t.hint ? `${id}-hint` : null, `${id}-status`].filter(Boolean).join(" ");
        const name = t.href === null ? <div>{t.title}</div>
          : t.href.startsWith("#") ? <a className="govuk-link govuk-task-list__link" href={t.href} aria-describedby={describedBy}>{t.title}</a>
          : <Link className="govuk-link govuk-task-list__link" to={t.href} aria-describedby={describedBy}>{t.title}</Link>;
        return (
          <li key={t.id} className={`govuk-task-list__item${t.href ? " govuk-task-list__item--with-link" : ""}`}>
            <div className="govuk-task-list__name-and-hint">
              {name}
              {t.hint ? <div id={`${id}-hint`} className="govuk-task-list__hint">{t.hint}</div> : null}
            </div>
            <div className={`govuk-task-list__status${t.status === "cannot-start" ? " govuk-task-list__status--cannot-start-yet" : ""}`} id={`${id}-status`}>
              {status.tag ? <Tag label={status.label} colour={status.tag} /> : status.label}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
