// Shared by pages and server: a review's statuses, in the order the challenge dashboard counts them.
import type { ReviewStatus } from "../../db/schema";

export const REVIEW_STATUSES: readonly ReviewStatus[] = ["assigned", "in_progress", "submitted", "recused"];
