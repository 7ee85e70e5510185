// Irreversible actions ask twice, and it is the server that asks: an action that cannot be undone
// (publishing a challenge or a pairing, releasing feedback, approving a pilot plan, deleting an account)
// runs only when its form carries confirm=yes, which only the confirm step's own button sends. Sent
// without it — one click on the first button, a stale form, a hand-made request — the action changes
// nothing and answers with the confirm step instead (docs/decisions/015-confirmations-and-check-pages.md).
import { json } from "@remix-run/node";

export function isConfirmed(form: FormData): boolean {
  return form.get("confirm") === "yes";
}

/** What the page shows instead of doing `intent`: its confirm step, a warning and a second button. */
export function confirmStep<I extends string>(intent: I) {
  return json({ confirm: intent, errors: null }, { status: 200 });
}
