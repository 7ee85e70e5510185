// Shared by pages and server: whether a background run is still going.
export const isActive = (run?: { status: string } | null) => run?.status === "queued" || run?.status === "running";
