// The events an organisation's webhook endpoints may subscribe to (decision 039), with the words the
// webhooks page shows. Shared by the page, its server module and the delivery job.
export const WEBHOOK_EVENTS = ["proposal.submitted", "results.released", "pairing.published", "measurement.verified"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** Sent only by "Send a test event", to one endpoint, whatever it subscribes to. */
export const TEST_EVENT = "webhook.test";
export type AnyWebhookEvent = WebhookEvent | typeof TEST_EVENT;

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, { label: string; hint: string }> = {
  "proposal.submitted": {
    label: "A proposal is submitted",
    hint: "Your organisation's own proposal, or one to your challenge: before its deadline only how many there are, never whose",
  },
  "results.released": { label: "Results are released", hint: "Judges' results of your challenge, or of a challenge you applied to" },
  "pairing.published": { label: "A pairing is published", hint: "A start-up and a sponsor proposed as a team, where your organisation is one of the three" },
  "measurement.verified": { label: "A pilot measurement is verified", hint: "A KPI value the public body verified, in a pilot your organisation is part of" },
};

export const DELIVERY_STATUS_LABELS = { pending: "Waiting", delivered: "Delivered", failed: "Failed" } as const;
