import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/**
 * Every route declares who may call it; the guard refuses a route without a policy, so a new
 * endpoint cannot ship open by accident. Unit scope (which unit, which subtree) is checked by
 * the handler against the object itself, where the object is known.
 *
 * - `public`: no token (health, docs)
 * - `authenticated`: any valid token; the handler narrows by scope
 * - `admin`, `auditor-or-admin`: by role
 */
export const POLICIES = ['public', 'authenticated', 'admin', 'auditor-or-admin'] as const;
export type Policy = (typeof POLICIES)[number];

export const isPolicy = (value: unknown): value is Policy => POLICIES.some((p) => p === value);

export const POLICY_KEY = 'danvan:policy';

/** The policy also goes into the OpenAPI operation (`x-policy`), from which the spec's security and 401/403 answers are derived. */
export const Access = (policy: Policy) => applyDecorators(SetMetadata(POLICY_KEY, policy), ApiExtension('x-policy', policy));
