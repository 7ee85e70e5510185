// Requests to the built server as a browser makes them: a session cookie, the site's own Origin on forms,
// redirects not followed (the test reads them).
export function httpClient(baseUrl: string) {
  return {
    get(path: string, cookie?: string): Promise<Response> {
      return fetch(`${baseUrl}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
    },
    /** A page's data as client-side navigation asks for it (`?_data=<route id>`). */
    data(path: string, routeId: string, cookie?: string): Promise<Response> {
      const url = `${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeId)}`;
      return fetch(`${baseUrl}${url}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
    },
    post(path: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
      return fetch(`${baseUrl}${path}`, {
        method: "POST", body: new URLSearchParams(fields).toString(), redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl, ...(cookie ? { Cookie: cookie } : {}) },
      });
    },
  };
}

/** HTML as text to search: entities a name may be written with turned back into characters. */
export function decodeHtml(html: string): string {
  return html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
