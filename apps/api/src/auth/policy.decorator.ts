import { SetMetadata } from '@nestjs/common';

/**
 * Every route declares who may call it; the guard refuses a route without a policy, so a new
 * endpoint cannot ship open by accident. Unit scope (which unit, which subtree) is checked by
 * the handler against the object itself, where the object is known.
 *
 * - `public`: no token (health, docs)
 * - `authenticated`: any valid token; the handler narrows by scope
 * - `admin`, `auditor-or-admin`: by role
 */
export type Policy = 'public' | 'authenticated' | 'admin' | 'auditor-or-admin';

export const POLICY_KEY = 'danvan:policy';

export const Access = (policy: Policy) => SetMetadata(POLICY_KEY, policy);
