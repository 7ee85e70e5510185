// Copies GOV.UK Frontend's compiled CSS, JS, fonts and images into public/ before a build, so they are
// served from our own origin (the CSS refers to /assets/...). Not committed: they come from node_modules.
import { cpSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}node_modules/govuk-frontend/dist/govuk`;
mkdirSync(`${root}public/govuk`, { recursive: true });
cpSync(`${dist}/assets`, `${root}public/assets`, { recursive: true });
cpSync(`${dist}/govuk-frontend.min.css`, `${root}public/govuk/govuk-frontend.min.css`);
cpSync(`${dist}/govuk-frontend.min.js`, `${root}public/govuk/govuk-frontend.min.js`);
