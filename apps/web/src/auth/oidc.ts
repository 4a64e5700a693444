/**
 * OIDC authorization code flow with PKCE (RFC 7636, S256) for a public client, against the
 * provider found by discovery at `<issuer>/.well-known/openid-configuration`. The verifier, state
 * and nonce wait in sessionStorage during the round trip; the code comes back as a query parameter
 * and is removed from the address as soon as it is read; the access token goes to the session.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

const PENDING = 'danvan.oidc.pending';

const base64Url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = (bytes = 32) => base64Url(crypto.getRandomValues(new Uint8Array(bytes)));

export async function pkceChallenge(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { credentials: 'omit' });
  if (!response.ok) throw new Error(`discovery: HTTP ${response.status}`);
  const doc = (await response.json()) as Discovery;
  if (doc.issuer !== issuer) throw new Error(`discovery: issuer ${doc.issuer} is not ${issuer}`);
  if (!doc.authorization_endpoint || !doc.token_endpoint) throw new Error('discovery: no authorization or token endpoint');
  return doc;
}

export const redirectUri = () => `${location.origin}/app/`;

/** Sends the browser to the provider's sign-in page. */
export async function startSignIn(settings: OidcSettings): Promise<void> {
  const discovery = await discover(settings.issuer);
  const verifier = randomString(48);
  const state = randomString();
  const nonce = randomString();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, tokenEndpoint: discovery.token_endpoint }));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scope,
    state,
    nonce,
    code_challenge: await pkceChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/**
 * On return from the provider: exchanges the code for tokens. Answers null when the page was not
 * opened by a provider's redirect; throws when the round trip failed or does not match.
 */
export async function completeSignIn(settings: OidcSettings): Promise<string | null> {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  // Whatever happens next, the code leaves the address bar and the history.
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string; tokenEndpoint: string } | null;
  sessionStorage.removeItem(PENDING);
  if (params.has('error')) throw new Error(`${params.get('error')}: ${params.get('error_description') ?? ''}`);
  if (!pending || params.get('state') !== pending.state) throw new Error('state does not match: start the sign-in again');
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code')!,
      redirect_uri: redirectUri(),
      client_id: settings.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !body.access_token) throw new Error(`token: ${body.error ?? response.status} ${body.error_description ?? ''}`.trim());
  return body.access_token;
}
