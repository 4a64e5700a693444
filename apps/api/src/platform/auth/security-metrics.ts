/** Why a request was refused: the `reason` of the denial log line and of `danvan_denied_requests_total`. */
export const DENIAL_CODES = ['missing_token', 'invalid_token', 'no_policy', 'role', 'object_access', 'rate_limit'] as const;
export type DenialCode = (typeof DENIAL_CODES)[number];
