import { Request } from 'express';
import { Principal } from '../auth/principal';

/** A request after the request-id middleware and the auth guard have run. */
export type AuthenticatedRequest = Request & { principal?: Principal; requestId?: string };
