// Roles within an organisation. The database keeps the words it has always had ('owner', 'member'); an
// owner is what the pages call an administrator (docs/decisions/012-organisation-membership.md).
export type OrgRole = "owner" | "member";

export const ORG_ROLE_LABEL: Record<OrgRole, string> = { owner: "Administrator", member: "Member" };

/** The word the audit trail records for a role. */
export const ORG_ROLE_NAME: Record<OrgRole, "administrator" | "member"> = { owner: "administrator", member: "member" };

export function isOrgAdmin(role: string): boolean {
  return role === "owner";
}
