import { render } from 'preact';
import { App } from './app';
import type { WebConfig } from './context';
import './styles.css';

// How to sign in comes from the API (embedded token or the OIDC provider), before anything renders.
fetch(new URL('config.json', location.origin + '/app/'), { credentials: 'omit' })
  .then((r) => r.json() as Promise<WebConfig>)
  .catch(() => ({ auth: { mode: 'token', rolesClaim: 'roles' } }) as WebConfig)
  .then((config) => render(<App config={config} />, document.getElementById('root')!));
