import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AppConfig } from '@app/shared';

/**
 * The web app for supervisors and auditors (apps/web, built by `npm run build` into dist/web),
 * served by the API itself at /app: static files and one public `/app/config.json` telling the
 * app how to sign in. No Nest route: the files are public, the data they show comes from the API
 * with the user's token, under the API's own guards.
 *
 * The pages get a strict policy of their own: scripts, styles, images and fonts from this origin
 * only (no inline script or style), calls to this origin and, in OIDC mode, to the provider's
 * origin (discovery and the token endpoint), framed by nobody.
 */
export const WEB_APP_PATH = '/app';

/** dist/web beside the compiled API (dist/apps/api/src/platform/web), or under the repo's dist when run from source. */
export function webAppDirectory(): string | null {
  const root = resolve(__dirname, '../../../../..');
  for (const dir of [join(root, 'web'), join(root, 'dist', 'web')]) if (existsSync(join(dir, 'index.html'))) return dir;
  return null;
}

/** What the app needs to know before anyone signs in; nothing secret. */
export function webClientConfig(config: AppConfig) {
  const rolesClaim = config.auth.rolesClaim;
  if (config.auth.mode === 'jwks' && config.web.oidcClientId) {
    return { auth: { mode: 'oidc' as const, rolesClaim, issuer: config.auth.issuer, clientId: config.web.oidcClientId, scope: config.web.oidcScope } };
  }
  return { auth: { mode: config.auth.mode === 'jwks' ? ('provider-token' as const) : ('token' as const), rolesClaim } };
}

function contentSecurityPolicy(config: AppConfig) {
  const connect = ["'self'"];
  if (config.auth.mode === 'jwks' && config.web.oidcClientId) {
    try {
      connect.push(new URL(config.auth.issuer).origin);
    } catch {
      /* an issuer that is not a URL has no discovery document: the app says so */
    }
  }
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: connect,
        manifestSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The provider's sign-in page comes back here with a code: no referrer may carry it further.
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** Express middleware for /app; everything else passes through untouched. */
export function webApp(config: AppConfig, directory: string | null = webAppDirectory()) {
  const headers = contentSecurityPolicy(config);
  const clientConfig = JSON.stringify(webClientConfig(config));
  const files = directory
    ? express.static(directory, {
        index: 'index.html',
        redirect: true,
        fallthrough: false,
        // Hashed bundles may be kept; the page itself is always asked for again.
        setHeaders: (res, path) => res.setHeader('Cache-Control', path.includes(`${join(directory, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
      })
    : null;
  return function serveWebApp(req: Request, res: Response, next: NextFunction): void {
    if (req.path !== WEB_APP_PATH && !req.path.startsWith(`${WEB_APP_PATH}/`)) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    headers(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (req.path === `${WEB_APP_PATH}/config.json`) {
        res.setHeader('Cache-Control', 'no-store');
        res.type('application/json').send(clientConfig);
        return;
      }
      if (!files) {
        res.status(503).type('text/plain').send('The web app is not built: run `npm run build`.');
        return;
      }
      // express.static serves paths relative to the mount point.
      const url = req.url;
      req.url = req.url.slice(WEB_APP_PATH.length) || '/';
      files(req, res, (staticError?: unknown) => {
        req.url = url;
        const status = (staticError as { status?: number } | undefined)?.status;
        if (status === 404 || status === 403) {
          res.status(404).type('text/plain').send('Not found');
          return;
        }
        next(staticError);
      });
    });
  };
}
