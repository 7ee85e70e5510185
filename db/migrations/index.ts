// Every migration, by name. Listed statically (not read from disk) so the same list works under tsx,
// Vitest and a bundled build. Names start with an ISO date: Kysely runs them in name order.
import type { Migration } from "kysely";
import * as foundation from "./2026-11-26T0900_foundation";
import * as referenceData from "./2026-11-26T0901_reference_data";
import * as judging from "./2026-11-26T1500_judging";
import * as sponsorshipPairing from "./2026-11-26T1700_sponsorship_pairing";
import * as roundRuns from "./2026-11-26T1701_round_runs";
import * as programmeSettings from "./2026-11-26T1702_programme_settings";
import * as pilots from "./2026-11-26T1800_pilots";
import * as auditTrail from "./2026-11-26T1900_audit_trail";
import * as twoFactor from "./2026-11-26T1901_two_factor";
import * as attachments from "./2026-11-26T1902_attachments";
import * as unsavedForms from "./2026-12-01T1000_unsaved_forms";
import * as emailConfirmation from "./2026-12-01T1100_email_confirmation";
import * as verifiedNames from "./2026-12-01T1101_verified_names";
import * as judgeConflictsByUser from "./2026-12-01T1210_judge_conflicts_by_user";
import * as planChangeRequests from "./2026-12-01T1300_plan_change_requests";
import * as refusalTallies from "./2026-12-01T1301_refusal_tallies";
import * as feedback from "./2026-12-01T1400_feedback";
import * as proposalReferences from "./2026-12-02T0900_proposal_references";
import * as pageIndexes from "./2026-12-02T1000_page_indexes";
import * as clarifications from "./2026-12-03T1000_clarifications";
import * as screening from "./2026-12-03T1300_screening";
import * as reviewDeadline from "./2026-12-03T1400_review_deadline";
import * as digest from "./2026-12-03T1500_digest";
import * as requiredAnswers from "./2026-12-03T1600_required_answers";
import * as twoStage from "./2026-12-03T2100_two_stage";
import * as dataRegister from "./2026-12-03T1800_data_register";
import * as residents from "./2026-12-03T1900_residents";
import * as kpisFileOrder from "./2026-12-02T1100_kpis_file_order";
import * as consensus from "./2026-12-03T1100_consensus";
import * as messages from "./2026-12-03T1200_messages";
import * as monitoring from "./2026-12-03T1700_monitoring";
import * as apiTokens from "./2026-12-04T0120_api_tokens";
import * as webhooks from "./2026-12-04T0130_webhooks";
import * as sso from "./2026-12-04T0140_sso";

export const migrations: Record<string, Migration> = {
  "2026-11-26T0900_foundation": foundation,
  "2026-11-26T0901_reference_data": referenceData,
  "2026-11-26T1500_judging": judging,
  "2026-11-26T1700_sponsorship_pairing": sponsorshipPairing,
  "2026-11-26T1701_round_runs": roundRuns,
  "2026-11-26T1702_programme_settings": programmeSettings,
  "2026-11-26T1800_pilots": pilots,
  "2026-11-26T1900_audit_trail": auditTrail,
  "2026-11-26T1901_two_factor": twoFactor,
  "2026-11-26T1902_attachments": attachments,
  "2026-12-01T1000_unsaved_forms": unsavedForms,
  "2026-12-01T1100_email_confirmation": emailConfirmation,
  "2026-12-01T1101_verified_names": verifiedNames,
  "2026-12-01T1210_judge_conflicts_by_user": judgeConflictsByUser,
  "2026-12-01T1300_plan_change_requests": planChangeRequests,
  "2026-12-01T1301_refusal_tallies": refusalTallies,
  "2026-12-01T1400_feedback": feedback,
  "2026-12-02T0900_proposal_references": proposalReferences,
  "2026-12-02T1000_page_indexes": pageIndexes,
  "2026-12-02T1100_kpis_file_order": kpisFileOrder,
  "2026-12-03T1000_clarifications": clarifications,
  "2026-12-03T1100_consensus": consensus,
  "2026-12-03T1200_messages": messages,
  "2026-12-03T1300_screening": screening,
  "2026-12-03T1400_review_deadline": reviewDeadline,
  "2026-12-03T1500_digest": digest,
  "2026-12-03T1600_required_answers": requiredAnswers,
  "2026-12-03T2100_two_stage": twoStage,
  "2026-12-03T1700_monitoring": monitoring,
  "2026-12-03T1800_data_register": dataRegister,
  "2026-12-03T1900_residents": residents,
  "2026-12-04T0120_api_tokens": apiTokens,
  "2026-12-04T0130_webhooks": webhooks,
  "2026-12-04T0140_sso": sso,
};
