import { Logger } from '@nestjs/common';
import { NextFunction, Response } from 'express';
import type { AuthenticatedRequest } from './authenticated-request';
import { SecurityMetrics } from '../auth/security-metrics';

/**
 * One line per request once the response is sent: method, path (no query string: it may carry
 * search terms), status, duration, request id and principal. Registered right after the request
 * id, so it sees every request, including those refused by a middleware.
 */
export function accessLog(metrics: SecurityMetrics) {
  const logger = new Logger('Request');
  return (req: AuthenticatedRequest, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      metrics.responded(res.statusCode);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.log(
        `${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms requestId=${req.requestId ?? '-'} principal=${req.principal?.sub ?? '-'}`,
      );
    });
    next();
  };
}
