// An organisation API token's scopes and what each allows (decision 038): shared by the tokens page, its
// server module and the OpenAPI document, so the words are the same everywhere.
export const API_TOKEN_SCOPES = ["read", "write"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export const SCOPE_MEANING: Record<ApiTokenScope, string> = {
  read: "Read the organisation's challenges, proposals, scores and pilots",
  write: "Everything read allows. No endpoint needs write yet: it is for changes the API will take later",
};
