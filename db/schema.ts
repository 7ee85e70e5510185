// Table types for Kysely. Kept by hand beside the migrations: a column added there is added here
// (tests/integration/schema-drift.test.ts fails when the two disagree on a table, a column, `| null` or a default).
import type { ColumnType, Generated, Insertable, RawBuilder, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type OrgKind = "public_body" | "startup" | "corporate";
export const ORG_KINDS: readonly OrgKind[] = ["public_body", "startup", "corporate"];

export type ChallengeStatus =
  | "draft" | "published" | "judging" | "shortlisted" | "paired" | "piloting" | "completed" | "cancelled";
export type ProposalStatus =
  | "draft" | "submitted" | "withdrawn" | "under_review" | "shortlisted" | "not_shortlisted" | "paired" | "piloting";

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  is_admin: Generated<boolean>;
  /** AES-256-GCM (iv ‖ ciphertext ‖ tag) of the TOTP key; see app/server/accounts/totp.server.ts. */
  totp_key: Buffer | null;
  /** The last accepted TOTP time step (bigint, read as a string): a code at or before it is refused. */
  totp_last_step: ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;
  two_factor_enabled_at: Timestamp | null;
  /** When the account proved it holds its address (a link sent there); null until then. */
  email_confirmed_at: Timestamp | null;
  /** Immediate emails, or one daily digest of them (decision 030). */
  email_frequency: Generated<"immediate" | "daily">;
  created_at: CreatedAt;
}

/** Email confirmation links: only the token's SHA-256 is kept; single-use, expiring. */
export interface EmailTokensTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  email: string;
  /** A sign-up to an address with an unconfirmed account: the name and password that confirming makes the account's. */
  pending_name: string | null;
  pending_password_hash: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  kind: OrgKind;
  description: Generated<string>;
  website: string | null;
  join_code: string;
  verified_at: Timestamp | null;
  verified_by: string | null;
  /** The name as read, its distinctive part (SQL function org_name_key): unique among verified organisations. */
  name_key: ColumnType<string, never, never>;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  user_id: string;
  org_id: string;
  role: Generated<"owner" | "member">;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  active_org_id: string | null;
  expires_at: Timestamp;
  /** False until the user's second factor is accepted (only matters when they have one). */
  two_factor_verified: Generated<boolean>;
  created_at: CreatedAt;
}

/** An organisation's API token (decision 038): only the token's SHA-256 is stored; shown once when made. */
export interface ApiTokensTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  scope: "read" | "write";
  token_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

/** An organisation's OpenID Connect provider (decision 040): at most one; the secret encrypted, never shown back. */
export interface SsoConnectionsTable {
  id: Generated<string>;
  org_id: string;
  issuer: string;
  client_id: string;
  /** AES-256-GCM (iv ‖ ciphertext ‖ tag) of the client secret; see app/server/sso/secrets.server.ts. */
  client_secret: Buffer;
  enabled: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** An e-mail domain an organisation claims; maps new users to it only once verified (a DNS TXT record). */
export interface SsoDomainsTable {
  id: Generated<string>;
  org_id: string;
  domain: string;
  verification_token: string;
  verified_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
}

/** A single sign-on under way: what the callback checks, for ten minutes, once. */
export interface SsoSignInsTable {
  id: string;
  connection_id: string;
  state: string;
  nonce: string;
  code_verifier: string;
  redirect_to: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

/** An organisation's webhook endpoint (decision 039); the signing secret is kept encrypted and shown once. */
export interface WebhookEndpointsTable {
  id: Generated<string>;
  org_id: string;
  url: string;
  events: string[];
  secret_encrypted: Buffer;
  enabled: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

/** One event for one endpoint (the outbox): unique by (endpoint_id, event_id), so it is sent once. */
export interface WebhookDeliveriesTable {
  id: Generated<string>;
  endpoint_id: string;
  event: string;
  event_id: string;
  payload: ColumnType<unknown, RawBuilder<unknown>, never>;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_attempt_at: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: CreatedAt;
  delivered_at: Timestamp | null;
}

/** Single-use second-factor recovery codes, stored as SHA-256 hashes. */
export interface RecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface ThemesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
}

export interface AreasTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface ChallengesTable {
  id: Generated<string>;
  org_id: string;
  theme_id: number;
  title: string;
  summary: string;
  problem_statement: string;
  funding_kind: "budget" | "prize";
  funding_gbp: number;
  pilot_weeks: number;
  opens_at: Timestamp;
  closes_at: Timestamp;
  blind_review: Generated<boolean>;
  reviews_per_proposal: Generated<number>;
  status: Generated<ChallengeStatus>;
  published_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
  search_vector: ColumnType<string, never, never>;
  feedback_released_at: Timestamp | null;
  pairing_published_at: Timestamp | null;
  /** Minimum weighted total (0–5) to pass, beside the criteria's thresholds; null: none (decision 025). */
  total_threshold: ColumnType<number | null, number | null | undefined, number | null>;
  /** When the judges' reviews are due (migration 2026-12-03T1400); null until the owner sets it. */
  reviews_due_at: Timestamp | null;
  /** A two-stage call's expression-of-interest deadline; null for a one-stage call (decision 032). */
  eoi_closes_at: Timestamp | null;
  /** When the owner chose who goes to stage two, and the message sent to those not invited. */
  stage_two_decided_at: Timestamp | null;
  stage_two_message: Generated<string>;
}

export interface ChallengeAreasTable {
  challenge_id: string;
  area_id: number;
}

export interface EligibilityQuestionsTable {
  id: Generated<string>;
  challenge_id: string;
  position: number;
  question: string;
  /** A required answer's choices (Yes/No or the owner's); null for a free-text question. */
  options: string[] | null;
  /** The choices that can apply; empty for a free-text question. */
  accepted: ColumnType<string[], string[] | undefined, string[]>;
}

export interface RubricCriteriaTable {
  id: Generated<string>;
  challenge_id: string;
  position: number;
  name: string;
  description: Generated<string>;
  weight: number;
  threshold: number | null;
}

export interface ProposalsTable {
  id: Generated<string>;
  challenge_id: string;
  org_id: string;
  title: string;
  summary: Generated<string>;
  approach: Generated<string>;
  expected_impact: Generated<string>;
  team: Generated<string>;
  requested_gbp: number | null;
  trl: number | null;
  tags: Generated<string[]>;
  needs: Generated<string[]>;
  status: Generated<ProposalStatus>;
  submitted_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  /** CIC-000042: given at the first submission, never changed (migration 2026-12-02T0900). */
  reference: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
  /** The owner's screening after the deadline (decision 028); an ineligible proposal is never assigned. */
  eligibility: Generated<Eligibility>;
  eligibility_reason: Generated<string>;
  screened_by: string | null;
  screened_at: Timestamp | null;
  /** A two-stage call: when the expression of interest was sent, and the owner's decision (decision 032). */
  eoi_submitted_at: Timestamp | null;
  stage_two: "invited" | "not_invited" | null;
}

export type Eligibility = "unscreened" | "eligible" | "ineligible";

export interface EligibilityAnswersTable {
  proposal_id: string;
  question_id: string;
  answer: string;
}

export interface JudgeInvitationsTable {
  id: Generated<string>;
  challenge_id: string;
  email: string;
  token_hash: string;
  invited_by: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  used_by: string | null;
  created_at: CreatedAt;
}

export interface JudgesTable {
  id: Generated<string>;
  challenge_id: string;
  user_id: string;
  capacity: Generated<number>;
  themes: Generated<string[]>;
  tags: Generated<string[]>;
  expertise: Generated<string>;
  created_at: CreatedAt;
}

export type ConflictRelation = "works_for" | "advises" | "holds_stake" | "other" | "recused";

/** A person's conflict of interest; it holds on every panel they serve on (decision 011). */
export interface JudgeConflictsTable {
  id: Generated<string>;
  /** The person conflicted. Filled from judge_id by a trigger when an insert names only the judge row. */
  user_id: ColumnType<string, string | undefined, string>;
  /** The panel it was declared on (null once that judge row is gone, or when the service recorded it). */
  judge_id: string | null;
  org_id: string | null;
  proposal_id: string | null;
  relation: ConflictRelation;
  note: Generated<string>;
  created_at: CreatedAt;
}

export type JobRunStatus = "queued" | "running" | "completed" | "failed";

export interface JobRunsTable {
  id: Generated<string>;
  kind: string;
  challenge_id: string | null;
  status: Generated<JobRunStatus>;
  progress: Generated<number>;
  message: Generated<string>;
  result: ColumnType<unknown, RawBuilder<unknown> | null | undefined, RawBuilder<unknown> | null>;
  requested_by: string | null;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export type ReviewStatus = "assigned" | "in_progress" | "submitted" | "recused";

export interface ReviewsTable {
  id: Generated<string>;
  challenge_id: string;
  proposal_id: string;
  judge_id: string;
  status: Generated<ReviewStatus>;
  affinity: Generated<number>;
  run_id: string | null;
  manual: Generated<boolean>;
  comment: Generated<string>;
  submitted_at: Timestamp | null;
  recused_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
}

export interface ReviewScoresTable {
  review_id: string;
  criterion_id: string;
  score: number | null;
  comment: Generated<string>;
}

export interface ProposalScoresTable {
  proposal_id: string;
  challenge_id: string;
  run_id: string;
  raw: number;
  calibrated: number;
  uncertainty: number;
  review_count: number;
  disagreement: boolean;
  passes_thresholds: boolean;
  criterion_means: ColumnType<Record<string, number>, RawBuilder<unknown>, RawBuilder<unknown>>;
  rank: number;
  computed_at: Generated<Timestamp>;
}

export interface InKindTypesTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export type SponsorshipStatus = "offered" | "accepted" | "declined" | "withdrawn";

export interface SponsorshipsTable {
  id: Generated<string>;
  challenge_id: string;
  org_id: string;
  funding_gbp: Generated<number>;
  in_kind: Generated<string[]>;
  capacity: number;
  pref_themes: Generated<string[]>;
  pref_tags: Generated<string[]>;
  trl_min: Generated<number>;
  trl_max: Generated<number>;
  pref_area_ids: Generated<number[]>;
  excluded_org_ids: Generated<string[]>;
  note: Generated<string>;
  status: Generated<SponsorshipStatus>;
  decided_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
}

export type PairingStatus = "proposed" | "published" | "declined" | "team";
export type PairingResponse = "pending" | "accepted" | "declined";

export interface PairingsTable {
  id: Generated<string>;
  challenge_id: string;
  proposal_id: string;
  sponsorship_id: string;
  run_id: string | null;
  fit: number;
  explanation: ColumnType<unknown, RawBuilder<unknown>, RawBuilder<unknown>>;
  locked: Generated<boolean>;
  status: Generated<PairingStatus>;
  startup_response: Generated<PairingResponse>;
  sponsor_response: Generated<PairingResponse>;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
}

export interface PairingExclusionsTable {
  proposal_id: string;
  sponsorship_id: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface TeamsTable {
  id: Generated<string>;
  challenge_id: string;
  pairing_id: string;
  proposal_id: string;
  public_org_id: string;
  startup_org_id: string;
  corporate_org_id: string;
  created_at: CreatedAt;
}

export interface PilotsTable {
  id: Generated<string>;
  team_id: string;
  title: string;
  status: Generated<"draft" | "approved" | "running" | "completed">;
  starts_on: Timestamp | null;
  ends_on: Timestamp | null;
  budget_gbp: number | null;
  approved_at: Timestamp | null;
  approved_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
}

/** A calendar date, as postgres.js returns a `date` column (a Date at UTC midnight). */
type DateOnly = ColumnType<Date, Date | string, Date | string>;

export interface MilestonesTable {
  id: Generated<string>;
  pilot_id: string;
  title: string;
  due_on: DateOnly;
  owner_org_id: string;
  status: Generated<"planned" | "done">;
  done_on: DateOnly | null;
  evidence: Generated<string>;
  created_at: CreatedAt;
}

export interface KpisTable {
  id: Generated<string>;
  pilot_id: string;
  name: string;
  unit: string;
  baseline: number;
  target: number;
  direction: "higher" | "lower";
  frequency: "weekly" | "monthly" | "quarterly";
  created_at: CreatedAt;
}

/** A change to an approved plan, decided by the public body. `changes` is a list of `PlanChange` (app/server/pilots/plan-changes.ts). */
export interface PlanChangeRequestsTable {
  id: Generated<string>;
  pilot_id: string;
  proposed_by: string | null;
  proposed_by_org_id: string;
  reason: string;
  changes: ColumnType<unknown, RawBuilder<unknown>, never>;
  status: Generated<"pending" | "approved" | "declined">;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: Generated<string>;
  created_at: CreatedAt;
}

export interface MeasurementsTable {
  id: Generated<string>;
  kpi_id: string;
  measured_on: DateOnly;
  value: number;
  note: Generated<string>;
  status: Generated<"recorded" | "verified" | "queried">;
  query_note: Generated<string>;
  recorded_by: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface DashboardRollupsTable {
  key: string;
  data: ColumnType<unknown, RawBuilder<unknown>, RawBuilder<unknown>>;
  computed_at: Generated<Timestamp>;
}

/** Append-only (the database refuses UPDATE, DELETE and TRUNCATE). `id` is a bigint, read as a string. */
export interface AuditEventsTable {
  id: ColumnType<string, never, never>;
  at: ColumnType<Date, never, never>;
  actor_user_id: string | null;
  actor_org_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  subject_org_id: string | null;
  ip: ColumnType<string, string | undefined, never>;
  method: ColumnType<string, string | undefined, never>;
  path: ColumnType<string, string | undefined, never>;
  detail: ColumnType<unknown, RawBuilder<unknown> | undefined, never>;
}

/** Refusals per client address and minute (audit_events holds the first few of each in full). */
export interface AuditRefusalTalliesTable {
  ip: string;
  minute: Date;
  refused: Generated<number>;
  summarised: Generated<number>;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string | null;
  to_email: string;
  kind: string;
  subject: string;
  body: string;
  /** "held" for a daily-digest reader until the digest job gathers it ("digested"): decision 030. */
  status: Generated<"queued" | "sent" | "stored" | "failed" | "held" | "digested">;
  error: string | null;
  dedupe_key: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  enabled: boolean;
}

export interface ProgrammeSettingsTable {
  key: string;
  value: ColumnType<unknown, RawBuilder<unknown>, RawBuilder<unknown>>;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

export interface UnsavedFormsTable {
  /** SHA-256 (hex) of the token in the browser's `civic_unsaved` cookie. */
  id: string;
  path: string;
  form_values: ColumnType<Record<string, string | string[]>, RawBuilder<string>, RawBuilder<string>>;
  created_at: Generated<Date>;
  expires_at: Date;
}

/** An answer to the service feedback form: anonymous, no personal data (decision 014). */
export interface FeedbackTable {
  /** bigint, as text from postgres.js; orders the answers, newest first. */
  id: Generated<string>;
  rating: "very-satisfied" | "satisfied" | "neither" | "dissatisfied" | "very-dissatisfied";
  improvement: Generated<string>;
  /** The page the banner link was followed from, ids replaced (`/pilots/:id`); null when not known. */
  page: string | null;
  /** The day only, never the time (decision 014). */
  received_on: ColumnType<Date, never, never>;
}

export interface ClarificationsTable {
  id: Generated<string>;
  challenge_id: string;
  kind: "question" | "notice" | "change";
  /** The asker's own words, private to the owner; null unless a start-up asked. */
  asked_text: string | null;
  asked_by: string | null;
  asked_by_org_id: string | null;
  asked_at: Timestamp | null;
  /** What is published (the owner may reword the asker's question). */
  question: Generated<string>;
  answer: Generated<string>;
  /** For kind "change": what changed, in words ({ field, from, to }), as it stood when published. */
  changes: ColumnType<ClarificationChange[], RawBuilder<ClarificationChange[]> | undefined, never>;
  status: Generated<"asked" | "published">;
  published_by: string | null;
  published_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface ClarificationChange {
  field: "closingDate" | "criteria" | "eligibilityQuestions" | "requiredAnswers";
  from: string;
  to: string;
}

export interface Database {
  users: UsersTable;
  organisations: OrganisationsTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  sso_connections: SsoConnectionsTable;
  sso_domains: SsoDomainsTable;
  sso_sign_ins: SsoSignInsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  unsaved_forms: UnsavedFormsTable;
  recovery_codes: RecoveryCodesTable;
  themes: ThemesTable;
  areas: AreasTable;
  challenges: ChallengesTable;
  challenge_areas: ChallengeAreasTable;
  eligibility_questions: EligibilityQuestionsTable;
  rubric_criteria: RubricCriteriaTable;
  proposals: ProposalsTable;
  eligibility_answers: EligibilityAnswersTable;
  judge_invitations: JudgeInvitationsTable;
  judges: JudgesTable;
  judge_conflicts: JudgeConflictsTable;
  job_runs: JobRunsTable;
  reviews: ReviewsTable;
  review_scores: ReviewScoresTable;
  proposal_scores: ProposalScoresTable;
  in_kind_types: InKindTypesTable;
  sponsorships: SponsorshipsTable;
  pairings: PairingsTable;
  pairing_exclusions: PairingExclusionsTable;
  teams: TeamsTable;
  pilots: PilotsTable;
  notifications: NotificationsTable;
  email_tokens: EmailTokensTable;
  notification_preferences: NotificationPreferencesTable;
  programme_settings: ProgrammeSettingsTable;
  milestones: MilestonesTable;
  kpis: KpisTable;
  measurements: MeasurementsTable;
  plan_change_requests: PlanChangeRequestsTable;
  dashboard_rollups: DashboardRollupsTable;
  audit_events: AuditEventsTable;
  audit_refusal_tallies: AuditRefusalTalliesTable;
  attachments: AttachmentsTable;
  proposal_messages: ProposalMessagesTable;
  feedback: FeedbackTable;
  clarifications: ClarificationsTable;
  panel_messages: PanelMessagesTable;
  consensus_reports: ConsensusReportsTable;
  consensus_scores: ConsensusScoresTable;
  monitoring_answers: MonitoringAnswersTable;
  data_register_entries: DataRegisterEntriesTable;
  data_register_versions: DataRegisterVersionsTable;
  suggestions: SuggestionsTable;
  suggestion_supports: SuggestionSupportsTable;
  follows: FollowsTable;
  pilot_feedback: PilotFeedbackTable;
  content_reports: ContentReportsTable;
}

export type User = Selectable<UsersTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type Challenge = Selectable<ChallengesTable>;
export type NewChallenge = Insertable<ChallengesTable>;
export type ChallengeUpdate = Updateable<ChallengesTable>;
export type Proposal = Selectable<ProposalsTable>;

/** A file attached to a proposal, as evidence to a milestone, or to a message (exactly one of the three). */
export interface AttachmentsTable {
  id: Generated<string>;
  proposal_id: string | null;
  milestone_id: string | null;
  /** Migration 2026-12-03T1200_messages. */
  message_id: Generated<string | null>;
  org_id: string;
  uploaded_by: string | null;
  original_name: string;
  /** Generated by the server (random hex + the detected type's extension); never the user's file name. */
  storage_name: string;
  /** Detected from the bytes, not taken from the browser. */
  media_type: string;
  size_bytes: number;
  sha256: string;
  created_at: CreatedAt;
}

/** A message in a proposal's panel discussion, read only by that proposal's judges (decision 025). */
export interface PanelMessagesTable {
  id: Generated<string>;
  proposal_id: string;
  judge_id: string;
  body: string;
  created_at: CreatedAt;
}

export type ConsensusStatus = "draft" | "submitted";

/** The panel's consensus report on a proposal, written by the rapporteur the owner chose (decision 025). */
export interface ConsensusReportsTable {
  proposal_id: string;
  challenge_id: string;
  rapporteur_judge_id: string;
  summary: Generated<string>;
  status: Generated<ConsensusStatus>;
  chosen_by: string | null;
  chosen_at: Generated<Timestamp>;
  submitted_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
}

export interface ConsensusScoresTable {
  proposal_id: string;
  criterion_id: string;
  score: number | null;
  comment: Generated<string>;
}
/** A message in a proposal's thread (migration 2026-12-03T1200_messages, decision 026). */
export interface ProposalMessagesTable {
  id: Generated<string>;
  proposal_id: string;
  /** The organisation the author wrote for. */
  org_id: string;
  author_id: string | null;
  body: string;
  created_at: CreatedAt;
}

// Residents (migration 2026-12-03T1900_residents, decision 035).

export type SuggestionStatus = "pending" | "published" | "merged" | "declined";

/** A problem a resident suggests; public only once the programme office publishes it. */
export interface SuggestionsTable {
  id: Generated<string>;
  author_id: string | null;
  title: string;
  description: string;
  theme_id: number;
  area_id: number;
  status: Generated<SuggestionStatus>;
  merged_into: string | null;
  decline_reason: string | null;
  moderated_by: string | null;
  moderated_at: Timestamp | null;
  /** When first published. */
  published_at: Timestamp | null;
  /** The challenge it became, if one did. */
  challenge_id: string | null;
  created_at: CreatedAt;
}

export interface SuggestionSupportsTable {
  suggestion_id: string;
  user_id: string;
  created_at: CreatedAt;
}

/** A resident follows exactly one challenge or one pilot. */
export interface FollowsTable {
  id: Generated<string>;
  user_id: string;
  challenge_id: string | null;
  pilot_id: string | null;
  created_at: CreatedAt;
}

export type FeedbackStatus = "pending" | "published" | "declined";

/** A resident's feedback on a live pilot, moderated like a suggestion; the team may answer it publicly. */
export interface PilotFeedbackTable {
  id: Generated<string>;
  pilot_id: string;
  author_id: string | null;
  body: string;
  status: Generated<FeedbackStatus>;
  decline_reason: string | null;
  moderated_by: string | null;
  moderated_at: Timestamp | null;
  answer: string | null;
  answered_by: string | null;
  answered_by_org_id: string | null;
  answered_at: Timestamp | null;
  created_at: CreatedAt;
}

/** A reader's report of abuse on a suggestion or a piece of feedback (exactly one). */
export interface ContentReportsTable {
  id: Generated<string>;
  suggestion_id: string | null;
  feedback_id: string | null;
  reporter_id: string | null;
  reason: string;
  status: Generated<"open" | "dismissed" | "upheld">;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  created_at: CreatedAt;
}

/**
 * A person's own equality monitoring answers (migration 2026-12-03T1700_monitoring, decision 033). Typed for
 * the schema check only: the app's database role holds no privilege on this table, so a query naming it
 * fails. The app goes through the monitoring_* functions (app/server/inclusion/answers.server.ts).
 */
export interface MonitoringAnswersTable {
  user_id: string;
  gender: string;
  ethnicity: string;
  disability: string;
  age_band: string;
  borough: string;
  answered_at: CreatedAt;
}

/** A dataset a pilot uses or receives (decision 034); what is said about it is in its versions. */
export interface DataRegisterEntriesTable {
  id: Generated<string>;
  pilot_id: string;
  created_at: CreatedAt;
}

/** One version of a register entry: pending until the pilot's public body approves it; never deleted. */
export interface DataRegisterVersionsTable {
  id: Generated<string>;
  entry_id: string;
  version: number;
  status: Generated<"pending" | "approved">;
  dataset: string;
  owner_organisation: string;
  description: string;
  personal_data: boolean;
  purpose: string;
  legal_basis: "consent" | "contract" | "legal_obligation" | "vital_interests" | "public_task" | "legitimate_interests" | null;
  retention: string;
  dpia_done: Generated<boolean>;
  dpia_on: DateOnly | null;
  access: string;
  declared_by_org_id: string;
  declared_by: string | null;
  declared_at: ColumnType<Date, Date | string | undefined, Date | string>;
  approved_by: string | null;
  approved_at: Timestamp | null;
}
