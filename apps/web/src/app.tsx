import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, must } from './api/client';
import { completeSignIn } from './auth/oidc';
import { claimsOf, currentToken, isAuditor, onSessionChange, signIn, signOut, supervisedUnits } from './auth/session';
import { Loading, ProblemView } from './components/common';
import { AppContext, AppState, Reference, WebConfig } from './context';
import type { Lang } from './i18n/format';
import { translator } from './i18n/messages';
import { href, useRoute } from './router';
import { Audit } from './screens/audit';
import { Completeness } from './screens/completeness';
import { Queue } from './screens/queue';
import { ReportScreen } from './screens/report';
import { SignIn } from './screens/sign-in';
import { Totals } from './screens/totals';

const LANG_KEY = 'danvan.lang';

async function loadReference(): Promise<Reference> {
  const [units, indicators, programs] = await Promise.all([must(api.GET('/api/units')), must(api.GET('/api/indicators')), must(api.GET('/api/programs'))]);
  return {
    units: new Map(units.data.items.map((u) => [u.id, u])),
    indicators: new Map(indicators.data.items.map((i) => [i.code, i])),
    programs: new Map(programs.data.items.map((p) => [p.id, p])),
  };
}

export function App({ config }: { config: WebConfig }) {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi'));
  const [token, setToken] = useState(currentToken());
  const [oidcError, setOidcError] = useState<unknown>(null);
  const [oidcBusy, setOidcBusy] = useState(config.auth.mode === 'oidc' && new URLSearchParams(location.search).has('code'));
  const [ref, setRef] = useState<Reference | null>(null);
  const [refError, setRefError] = useState<unknown>(null);
  const route = useRoute();
  const t = useMemo(() => translator(lang), [lang]);

  useEffect(() => onSessionChange(() => setToken(currentToken())), []);
  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem(LANG_KEY, lang);
  }, [lang]);
  useEffect(() => {
    if (config.auth.mode !== 'oidc') return;
    completeSignIn(config.auth).then(
      (accessToken) => {
        if (accessToken) signIn(accessToken);
        setOidcBusy(false);
      },
      (error) => {
        setOidcError(error);
        setOidcBusy(false);
      },
    );
  }, []);
  useEffect(() => {
    setRef(null);
    setRefError(null);
    if (token) loadReference().then(setRef, setRefError);
  }, [token]);

  const claims = token ? claimsOf(token, config.auth.rolesClaim) : null;
  const state: AppState = { lang, t, claims, config, ref: ref ?? { units: new Map(), indicators: new Map(), programs: new Map() } };
  const auditor = isAuditor(claims);
  const supervisor = supervisedUnits(claims).length > 0;
  const [first] = route.path;
  const home = supervisor ? 'queue' : auditor ? 'audit' : 'totals';

  let screen;
  if (!token) screen = oidcBusy ? <Loading /> : <SignIn oidcError={oidcError} />;
  else if (refError) screen = <ProblemView error={refError} onRetry={() => loadReference().then(setRef, setRefError)} />;
  else if (!ref) screen = <Loading />;
  else if (first === 'reports' && route.path[1]) screen = <ReportScreen id={route.path[1]} />;
  else if ((first ?? home) === 'queue') screen = <Queue view={route.query.get('view') === 'all' ? 'all' : 'mine'} />;
  else if ((first ?? home) === 'totals') screen = <Totals route={route} />;
  else if ((first ?? home) === 'completeness') screen = <Completeness route={route} />;
  else if ((first ?? home) === 'audit') screen = <Audit route={route} />;
  else screen = <Queue />;

  const current = first ?? home;
  const link = (path: string, label: string) => (
    <li>
      <a href={href(path)} aria-current={current === path ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );

  return (
    <AppContext.Provider value={state}>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('skipToContent')}
      </a>
      <header class="top">
        <p class="brand">{t('appTitle')}</p>
        {token ? (
          <nav aria-label={t('nav')}>
            <ul>
              {link('queue', t('navQueue'))}
              {link('totals', t('navTotals'))}
              {link('completeness', t('navCompleteness'))}
              {auditor ? link('audit', t('navAudit')) : null}
            </ul>
          </nav>
        ) : null}
        <div class="session">
          <button type="button" lang={lang === 'vi' ? 'en' : 'vi'} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
            {t('switchLanguage')}
          </button>
          {claims ? (
            <>
              <span class="who" title={`${t('roles')}: ${claims.roles.join(', ')}`}>
                {t('signedInAs')} <strong data-testid="who">{claims.sub}</strong>
              </span>
              <button type="button" onClick={() => signOut()}>
                {t('signOut')}
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {screen}
      </main>
    </AppContext.Provider>
  );
}
