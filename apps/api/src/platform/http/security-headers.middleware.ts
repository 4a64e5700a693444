import { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * helmet everywhere. The API answers JSON only, so its pages may load nothing and be framed by
 * nobody; the Swagger UI under /docs gets helmet's default policy (scripts and styles from self).
 * API answers are not cached by browsers or proxies: they carry figures under review.
 */
const forApi = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
});
const forDocs = helmet();

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  if (req.path === '/docs' || req.path.startsWith('/docs/') || req.path === '/docs-json') return forDocs(req, res, next);
  res.setHeader('Cache-Control', 'no-store');
  forApi(req, res, next);
}
