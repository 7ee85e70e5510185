// Calling route loaders and actions directly, as Remix would, and reading what they answer —
// including the Responses they throw (redirects, 403, 404).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

export const ORIGIN = "http://localhost:3000";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;

export interface Answer {
  status: number;
  headers: Headers;
  /** JSON data (loader/action data) or text body of a thrown error response. */
  body: unknown;
  text: string;
}

export function getRequest(path: string, cookie?: string) {
  return new Request(`${ORIGIN}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function postRequest(path: string, form: Record<string, string | string[]> | FormData, cookie?: string) {
  const body = new URLSearchParams();
  if (form instanceof FormData) {
    for (const [k, v] of form.entries()) body.append(k, String(v));
  } else {
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  }
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, ...(cookie ? { Cookie: cookie } : {}) },
    body,
  });
}

export async function call(handler: Handler, request: Request, params: Record<string, string> = {}): Promise<Answer> {
  let result: unknown;
  try {
    result = await handler({ request, params, context: { cspNonce: "test", clientIp: "198.51.100.7" } });
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) {
    const text = await result.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: result.status, headers: result.headers, body, text };
  }
  if (result === null || result === undefined) return { status: 200, headers: new Headers(), body: null, text: "" };
  throw new Error(`handler returned something that is not a Response: ${String(result)}`);
}
