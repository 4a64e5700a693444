import { randomUUID } from 'node:crypto';
import { NextFunction, Response } from 'express';
import { AuthenticatedRequest } from './authenticated-request';

const SAFE_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Every response carries X-Request-Id (the caller's, when it is a sane token, else a new one). */
export function requestId(req: AuthenticatedRequest, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  const id = given && SAFE_ID.test(given) ? given : randomUUID();
  req.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
}
