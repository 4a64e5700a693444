import { useState } from 'preact/hooks';
import { api, must, Report } from '../api/client';
import { Loading, ProblemView, Screen, useLoad } from '../components/common';
import { useApp } from '../context';
import { formatDate, formatDateTime, formatPeriod } from '../i18n/format';
import { href } from '../router';

/** Submitted reports in the supervisor's scope (the API narrows the list), with lateness and warnings. */
export function Queue() {
  const { t, lang, ref, claims } = useApp();
  const [pages, setPages] = useState<string[]>(['']);
  const { data, error, loading, reload } = useLoad(async () => {
    const items: Report[] = [];
    let next: string | null = null;
    for (const cursor of pages) {
      const { data } = await must(api.GET('/api/reports', { params: { query: { status: 'submitted', limit: 50, ...(cursor ? { cursor } : {}) } } }));
      items.push(...data.items);
      next = data.nextCursor;
    }
    return { items, next };
  }, [pages.join(',')]);

  return (
    <Screen title={t('queueTitle')}>
      {error ? <ProblemView error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && !data.items.length ? <p class="empty">{t('queueEmpty')}</p> : null}
      {data?.items.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t('queueCaption')}>
          <table class="queue">
            <caption>{t('queueCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colReport')}</th>
                <th scope="col">{t('colUnit')}</th>
                <th scope="col">{t('colPeriod')}</th>
                <th scope="col">{t('colSubmitted')}</th>
                <th scope="col">{t('colDeadline')}</th>
                <th scope="col">{t('colLateness')}</th>
                <th scope="col">{t('colWarnings')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => {
                const warnings = [
                  ...(r.approved ? [t('warnAmendment')] : []),
                  ...(r.onTime === false ? [t('warnLate')] : []),
                  ...(claims && r.submittedBy === claims.sub ? [t('warnOwnSubmission')] : []),
                ];
                return (
                  <tr key={r.id} data-report={r.id}>
                    <th scope="row">
                      <a href={href(`reports/${encodeURIComponent(r.id)}`)}>{r.id}</a>
                    </th>
                    <td>{ref.units.get(r.unitId)?.name ?? r.unitId}</td>
                    <td>{formatPeriod(r.period, lang)}</td>
                    <td>
                      {formatDateTime(r.submittedAt)}
                      <br />
                      <span class="muted">{r.submittedBy}</span>
                    </td>
                    <td>{formatDate(r.deadline)}</td>
                    <td>
                      {r.onTime === true ? <span class="badge ok">{t('onTime')}</span> : r.onTime === false ? <span class="badge late">{t('late')}</span> : <span class="muted">{t('unknownLateness')}</span>}
                    </td>
                    <td>{warnings.length ? <ul class="warnings">{warnings.map((w) => <li key={w}>{w}</li>)}</ul> : <span class="muted">—</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {data?.next ? (
        <button type="button" onClick={() => setPages([...pages, data.next!])}>
          {t('loadMore')}
        </button>
      ) : null}
    </Screen>
  );
}
