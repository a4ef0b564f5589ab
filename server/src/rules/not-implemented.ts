/**
 * Peer checks Shipshape deliberately does not implement, with the reason, keyed `tool:id`. With the
 * rules' `sources` this accounts for every id in PEER_CATALOG (a test fails otherwise), and
 * docs/parity.md is generated from both.
 */
export const NOT_IMPLEMENTED: Record<string, string> = {};
