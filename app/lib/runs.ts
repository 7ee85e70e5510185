// Shared by pages and server: whether a background run is still going.
export const isActive = (run?: { status: string } | null) => run?.status === "queued" || run?.status === "running";

/** How long a judge invitation link stays valid. */
export const INVITATION_DAYS = 14;
