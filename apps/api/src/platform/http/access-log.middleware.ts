import { Logger } from '@nestjs/common';
import { NextFunction, Response } from 'express';
import type { AuthenticatedRequest } from './authenticated-request';
import { Metrics } from './metrics';
import { logLine } from '../logging/app-logger';

/**
 * One line per request once the response is sent: method, path (no query string: it may carry
 * search terms), status, duration, request id and principal (`actor` in JSON). Registered right after the request
 * id, so it sees every request, including those refused by a middleware. A request that took
 * `slowMs` or longer gets a second line at `warn`, so that a run at LOG_LEVEL=warn (CI) still
 * shows which request was slow and how long it took.
 */
export function accessLog(metrics: Metrics, slowMs: number) {
  const logger = new Logger('Request');
  return (req: AuthenticatedRequest, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      metrics.responded(routeTemplate(req), req.method, res.statusCode, ms / 1000);
      const requestId = req.requestId ?? null;
      const actor = req.principal?.sub ?? null;
      const fields = { method: req.method, path: req.path, status: res.statusCode, durationMs: Number(ms.toFixed(1)), requestId, actor };
      const line = `${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms requestId=${requestId ?? '-'} principal=${actor ?? '-'}`;
      logger.log(logLine(line, fields));
      // Compared as logged (to 0.1 ms), so the warn lines are exactly the request lines at or past the threshold.
      if (fields.durationMs >= slowMs) logger.warn(logLine(`slow request: ${line} (SLOW_REQUEST_MS=${slowMs})`, { ...fields, slow: true, slowRequestMs: slowMs }));
    });
    next();
  };
}

/**
 * The route's template (`/api/reports/:id`), never the path itself, so the metric's labels stay
 * few; `unrouted` for what no route took (refused by a middleware first, or no such route).
 */
function routeTemplate(req: AuthenticatedRequest): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unrouted';
}
