import { useState } from 'preact/hooks';
import { startSignIn } from '../auth/oidc';
import { lastSignOutReason, looksLikeJwt, signIn, signOut } from '../auth/session';
import { api, ApiProblem, must } from '../api/client';
import { ProblemView, Screen } from '../components/common';
import { useApp } from '../context';

/**
 * Embedded mode: paste a token (`npm run --silent token -- …`). OIDC mode: the provider's sign-in
 * page (authorization code + PKCE). The token is checked against the API before it is kept.
 */
export function SignIn({ oidcError }: { oidcError: unknown }) {
  const { t, config } = useApp();
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(oidcError ?? (lastSignOutReason() === 'expired' ? new ApiProblem(401, {}) : null));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const value = token.trim();
    if (!looksLikeJwt(value)) {
      setFieldError(t('signInBadToken'));
      return;
    }
    setFieldError(null);
    setBusy(true);
    signIn(value);
    try {
      // Any authenticated read proves the token: the indicator catalogue is readable by everyone signed in.
      await must(api.GET('/api/indicators'));
      setError(null);
    } catch (e) {
      signOut();
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function oidc() {
    if (config.auth.mode !== 'oidc') return;
    setBusy(true);
    try {
      await startSignIn(config.auth);
    } catch (e) {
      setBusy(false);
      setError(new ApiProblem(0, { title: t('signInOidcFailed'), detail: String(e) }));
    }
  }

  return (
    <Screen title={t('signInTitle')}>
      <div class="card sign-in">
        {error ? <ProblemView error={error} /> : null}
        {config.auth.mode === 'oidc' ? (
          <div>
            <p>{t('signInOidcHelp')}</p>
            <button type="button" class="primary" onClick={oidc} disabled={busy}>
              {t('signInOidc')}
            </button>
          </div>
        ) : (
          <form onSubmit={submit} noValidate>
            <label for="token">{t('signInTokenLabel')}</label>
            <textarea
              id="token"
              name="token"
              rows={4}
              autoComplete="off"
              spellcheck={false}
              value={token}
              aria-invalid={fieldError ? 'true' : undefined}
              aria-describedby="token-help token-error"
              onInput={(e) => setToken((e.target as HTMLTextAreaElement).value)}
            />
            {fieldError ? (
              <p id="token-error" class="field-error" role="alert">
                {fieldError}
              </p>
            ) : null}
            <div id="token-help" class="help">
              {config.auth.mode === 'token' ? (
                <>
                  <p>{t('signInTokenHelp')}</p>
                  <pre>
                    <code>npm run --silent token -- --sub sup-1 --roles supervisor:daklak-bcd</code>
                  </pre>
                </>
              ) : (
                <p>{t('signInProviderTokenHelp')}</p>
              )}
              <p class="muted">{t('tokenStays')}</p>
            </div>
            <button type="submit" class="primary" disabled={busy}>
              {t('signInButton')}
            </button>
          </form>
        )}
      </div>
    </Screen>
  );
}
