// The statuses of a GOV.UK task list ("complete multiple tasks" pattern), shared by the proposal's and the
// pilot plan's lists. Completed and Optional read as plain text; what still needs doing is a tag, so the
// eye goes to it; a task that depends on others reads "Cannot start yet" and is not a link.
export type TaskStatus = "completed" | "incomplete" | "not-started" | "optional" | "cannot-start";

export interface Task {
  id: string;
  title: string;
  /** Where the task is done; null when it cannot be started (or there is nothing left to do there). */
  href: string | null;
  status: TaskStatus;
  hint?: string;
}

export const TASK_STATUS: Record<TaskStatus, { label: string; tag?: string }> = {
  completed: { label: "Completed" },
  optional: { label: "Optional" },
  incomplete: { label: "Incomplete", tag: "blue" },
  "not-started": { label: "Not yet started", tag: "teal" },
  "cannot-start": { label: "Cannot start yet" },
};

/** A section's status from its fields: none filled is not started; all done is completed. */
export function sectionStatus(filled: boolean[], done: boolean): TaskStatus {
  if (done) return "completed";
  return filled.some(Boolean) ? "incomplete" : "not-started";
}
