// Proposals and sponsors whose defaults make every factor but the score a perfect 1, so a test only
// states what it changes.
import type { PairingProposal, PairingSponsor } from "../../../../app/rules/pairing/fit";
import type { PairingInput } from "../../../../app/rules/pairing/pairing-problem";

export function proposal(id: string, over: Partial<PairingProposal> = {}): PairingProposal {
  return { id, orgId: `org-${id}`, calibrated: 5, theme: "transport", tags: [], trl: 5, needs: [], areaIds: [1], ...over };
}

export function sponsor(id: string, over: Partial<PairingSponsor> = {}): PairingSponsor {
  return {
    id,
    orgId: `corp-${id}`,
    capacity: 1,
    inKind: [],
    prefThemes: [],
    prefTags: [],
    trlMin: 1,
    trlMax: 9,
    prefAreaIds: [],
    excludedOrgIds: [],
    ...over,
  };
}

export function input(partial: Partial<PairingInput> & Pick<PairingInput, "proposals" | "sponsors">): PairingInput {
  return { exclusions: [], declined: [], locked: [], ...partial };
}

export const ref = (proposalId: string, sponsorId: string) => ({ proposalId, sponsorId });
