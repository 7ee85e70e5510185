import { createContext, useContext } from "react";

/** The per-request CSP nonce, for the few inline scripts React renders (Remix's own). */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
