// The web process: Express around Remix, so that security headers, CSRF checks, request-size limits
// and logging happen once for every route, and SIGTERM shuts down cleanly (remix-serve does not).
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
// Not re-exported by the package's index; the same file as its createRequestHandler (Remix is pinned at 2.17.5).
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { type DestinationStream, pino } from "pino";
import { pinoHttp } from "pino-http";
import { routePatterns } from "./app/server/route-patterns.server";
import { MAX_ATTACHMENT_BYTES, MAX_UPLOAD_REQUEST_BYTES, UPLOAD_TOO_LARGE_HEADER } from "./app/lib/attachments";
import { auditRefusalAfterAnswer, CLIENT_IP_HEADER, settleAuditWrites } from "./app/server/audit.server";
import { closeConnections } from "./app/server/connections.server";
import { isAllowedOrigin } from "./app/server/csrf.server";
import { env } from "./app/server/env.server";
import { INPUT_LIMITS } from "./app/server/input-limits.server";
import { healthAnswer, readiness } from "./app/server/health.server";
import { metricsAccess } from "./app/server/metrics-access.server";
import { metricsText, recordRequest } from "./app/server/metrics.server";
import { REQUEST_ID_HEADER, requestIdFrom } from "./app/server/request-id.server";
import { currentRequestScope, newRequestScope, runInRequestScope } from "./app/server/request-scope.server";
import { guardBuild } from "./app/server/route-guard.server";
import { sendResponse } from "./app/server/send-response.server";

// A form's body, all fields together. Each field has its own, much smaller limit in its form's rules, so
// a text pasted over that limit comes back to the form with a message beside it, and the other answers
// kept; only a body over this is refused outright (413).
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
// Attachment uploads (a multipart POST to these pages) carry one file of up to 10 MB and a small form.
const UPLOAD_PATHS = /^\/(my\/proposals\/[^/]+|pilots\/[^/]+\/plan)\/?$/;
const MAX_UPLOAD_BODY_BYTES = MAX_ATTACHMENT_BYTES + 256 * 1024;
// Answered here, before Remix: each is its own label in /metrics.
const EXPRESS_PATHS = new Set(["/healthz", "/livez", "/readyz", "/metrics"]);

/** `log`: where log lines go (tests read them; every request is then logged). Standard output otherwise. */
export async function createServer(build: ServerBuild, options: { log?: DestinationStream } = {}) {
  const config = env();
  // Every line logged while a request is answered carries its reference.
  const mixin = () => {
    const requestId = currentRequestScope()?.requestId;
    return requestId ? { requestId } : {};
  };
  const logger = options.log ? pino({ level: config.LOG_LEVEL, mixin }, options.log) : pino({ level: config.LOG_LEVEL, mixin });
  const app = express();
  app.disable("x-powered-by");
  // One proxy in front (the load balancer): the client address is the one it appended to X-Forwarded-For,
  // not whatever the client wrote there before it.
  if (config.TRUST_PROXY === "true") app.set("trust proxy", 1);

  // What /metrics counts a request under: a route's pattern, never the address (bounded label values).
  const publicEntries = new Set(readdirSync("public"));
  const patternOf = routePatterns(build.routes);
  const routeLabel = (path: string) =>
    EXPRESS_PATHS.has(path) ? path : publicEntries.has(path.split("/", 2)[1] ?? "") ? "(static)" : patternOf(path);
  // The request's reference, on its answer and in its scope (what it runs is logged under it).
  app.use((req, res, next) => {
    const requestId = requestIdFrom(req.get(REQUEST_ID_HEADER));
    res.locals.requestId = requestId;
    res.set("X-Request-Id", requestId);
    runInRequestScope(next, newRequestScope({ requestId }));
  });
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.once("finish", () => recordRequest(routeLabel(req.path), req.method, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
    next();
  });
  app.use((req, res, next) => {
    // Before anything reads it: an address longer than any page of ours has is refused at once.
    if (req.originalUrl.length > INPUT_LIMITS.urlLength) {
      res.status(414).type("text/plain").send("The address is too long");
      return;
    }
    res.locals.cspNonce = randomBytes(16).toString("base64");
    // The app reads the client address from this header; whatever the client sent under that name is replaced.
    req.headers[CLIENT_IP_HEADER] = req.ip ?? "";
    // Every refusal, whichever code refused, goes to the audit trail once the answer is sent.
    res.on("finish", () => {
      if (res.statusCode === 403) auditRefusalAfterAnswer({ cookie: req.get("cookie"), ip: req.ip ?? "", method: req.method, path: req.path });
    });
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "frame-ancestors": ["'none'"],
          "form-action": ["'self'"],
          "upgrade-insecure-requests": config.NODE_ENV === "production" ? [] : null,
        },
      },
      strictTransportSecurity: config.NODE_ENV === "production" ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      crossOriginEmbedderPolicy: false,
      frameguard: { action: "deny" },
    }),
  );
  // The load balancer's probe: one query, answered before Remix (no route matching, no logging).
  app.get("/healthz", (_req, res) => void healthAnswer().then(({ status, body }) => res.status(status).set("Cache-Control", "no-store").type("text/plain").send(body)));
  app.get("/livez", (_req, res) => void res.set("Cache-Control", "no-store").type("text/plain").send("ok"));
  app.get("/readyz", (_req, res) =>
    void readiness().then(({ status, body, errors }) => {
      if (status !== 200) logger.warn({ down: body.down, errors }, "not ready");
      res.status(status).set("Cache-Control", "no-store").json(body);
    }),
  );
  // For the scraper only (METRICS_TOKEN); not there at all when no token is configured.
  app.get("/metrics", (req, res) => {
    const access = metricsAccess(config.METRICS_TOKEN, req.get("authorization"));
    res.set("Cache-Control", "no-store");
    if (access === 404) return void res.status(404).type("text/plain").send("Not found");
    if (access === 401) return void res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').type("text/plain").send("Unauthorised");
    void metricsText().then(({ contentType, body }) => res.type(contentType).send(body), (error: unknown) => {
      logger.error({ err: error }, "metrics failed");
      res.status(500).type("text/plain").send("Metrics unavailable");
    });
  });
  app.use(compression());
  // Static files (compressed, not logged), and only for the names public/ holds at its top level: a page's
  // URL never costs a look at the disk.
  app.use(staticFiles("public", publicEntries));
  // Log method, path and status only: headers carry cookies and the query string may carry search words.
  app.use(
    pinoHttp({
      logger,
      autoLogging: config.NODE_ENV !== "test" || !!options.log,
      genReqId: (_req, res) => (res as express.Response).locals.requestId as string,
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split("?")[0] }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
    }),
  );


  // Pages for a signed-in user must not be stored by shared caches or the browser's history cache.
  app.use((req, res, next) => {
    // Open data and the public API carry no personal data and set their own public caching.
    // Attachment downloads set their own (private, no-store).
    const publicData = req.path.startsWith("/open-data/") || req.path.startsWith("/api/") || req.path.startsWith("/attachments/");
    if (!publicData && req.get("cookie")?.includes("civic_session=")) res.set("Cache-Control", "no-store");
    next();
  });

  const extraOrigins = config.ALLOWED_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean);
  app.use((req, res, next) => {
    // The request's own origin: req.protocol is the socket's scheme, or X-Forwarded-Proto only from a trusted proxy.
    const own = req.get("host") ? `${req.protocol}://${req.get("host")}` : null;
    if (!isAllowedOrigin(req.method, req.get("origin"), own, extraOrigins)) {
      res.status(403).type("text/plain").send("Forbidden: this request did not come from this site");
      return;
    }
    // Every body must say its length, so the limits below hold: browsers always send Content-Length for
    // forms, and a chunked body of unknown size would otherwise be read by Remix without any limit.
    if (req.get("transfer-encoding") && req.get("content-length") === undefined) {
      res.status(411).type("text/plain").send("Length required");
      return;
    }
    const length = Number(req.get("content-length") ?? 0);
    delete req.headers[UPLOAD_TOO_LARGE_HEADER];
    const upload = req.method === "POST" && UPLOAD_PATHS.test(req.path) && !!req.is("multipart/form-data");
    if (upload && length > MAX_UPLOAD_BODY_BYTES && length <= MAX_UPLOAD_REQUEST_BYTES) {
      // Too big a file: read and discard the body, then let the page say so next to the file field.
      req.headers[UPLOAD_TOO_LARGE_HEADER] = "1";
      req.on("data", () => {});
      req.once("end", () => next());
      req.once("error", () => res.destroy());
      return;
    }
    if (!Number.isSafeInteger(length) || length < 0 || length > (upload ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES)) {
      tooLarge(req, res);
      return;
    }
    next();
  });

  // @remix-run/express's handler, with our own writer of the answer: it reads a streamed body at the
  // client's pace and cancels it when the client goes (app/server/send-response.server.ts). Each request
  // in its own scope, so that what its loaders share (the session) is read once.
  const handleRequest = createRequestHandler(guardBuild(build), config.NODE_ENV === "production" ? "production" : "development");
  const remix = async (req: express.Request, res: express.Response, next: express.NextFunction) => {
    try {
      const response = await handleRequest(createRemixRequest(req, res), { cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? "unknown", requestId: res.locals.requestId as string });
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
  // The scope opened above, unless an event handler (a discarded upload's body) ran outside it.
  app.all("*", (req, res, next) => runInRequestScope(() => remix(req, res, next), currentRequestScope() ?? newRequestScope({ requestId: res.locals.requestId as string })));
  return { app, logger };
}

/**
 * public/'s files: fingerprinted build output immutable, the rest (GOV.UK assets, and the site's own
 * committed files: favicon, robots.txt, web manifest) cached for an hour. Only URLs whose first segment
 * is one of public/'s entries (read once, at start: public/ changes only with a build) reach the disk.
 * express.static refuses any path with a dotfile in it, so /.well-known (security.txt) is served as that
 * folder only, while every other dotfile under public/ stays unserved.
 */
function staticFiles(root: string, entries: Set<string>): express.Router {
  const files = express.Router();
  files.use("/build", express.static(join(root, "build"), { immutable: true, maxAge: "1y" }));
  files.use("/.well-known", express.static(join(root, ".well-known"), { maxAge: "1h" }));
  const rest = express.static(root, { maxAge: "1h" });
  files.use((req, res, next) => (entries.has(req.path.split("/", 2)[1] ?? "") ? rest(req, res, next) : next()));
  return files;
}

/** 413, as a page a person can read when a browser sent the form, as text otherwise. */
function tooLarge(req: express.Request, res: express.Response) {
  res.status(413).set("Connection", "close");
  if (req.accepts(["text/html", "text/plain"]) !== "text/html") {
    res.type("text/plain").send("Request too large");
    return;
  }
  const limit = `${MAX_BODY_BYTES / 1024 / 1024} MB`;
  res.type("text/html").send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>What you sent is too large – Civic Innovation Challenge</title><link rel="stylesheet" href="/govuk/govuk-frontend.min.css"></head><body class="govuk-template__body"><main class="govuk-main-wrapper govuk-width-container" id="main-content"><h1 class="govuk-heading-l">What you sent is too large</h1><p class="govuk-body">A form can send at most ${limit}. Nothing was saved.</p><p class="govuk-body">Use your browser's back button to return to the form: what you typed is still there. Shorten the longest answer and send it again.</p></main></body></html>`);
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const build = (await import(new URL("./build/index.js", import.meta.url).href)) as ServerBuild;
  const { app, logger } = await createServer(build);
  const port = env().PORT;
  const server = app.listen(port, () => logger.info(`web listening on http://localhost:${port}`));
  let closing = false;
  const shutdown = (signal: string) => {
    // Under the web cluster a terminal's Ctrl-C arrives twice: from the terminal and from the primary.
    if (closing) return;
    closing = true;
    logger.info(`${signal}: closing web server`);
    server.close(async () => {
      await settleAuditWrites();
      await closeConnections();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}
