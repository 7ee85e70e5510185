// Shared by the judges page (which tells the owner) and the invitation command (which sets the expiry).

/** How long a judge invitation link stays valid. */
export const INVITATION_DAYS = 14;
