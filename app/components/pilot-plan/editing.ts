// Which item a plan form edits (from the query), and a key that empties an add form after each success.
import { useLocation, useSearchParams } from "@remix-run/react";

/**
 * A new key each time this notice arrives, so an add form starts empty after each success (a redirect to
 * the same page keeps the form mounted, and with it what was typed); after a refusal the key stays and the
 * form keeps the input beside its errors.
 */
export function useSavedKey(notice: string): string {
  const location = useLocation();
  return new URLSearchParams(location.search).get("notice") === notice ? `-${location.key}` : "";
}

export function useEditing(param: string): string | null {
  const [params] = useSearchParams();
  return params.get(param);
}
