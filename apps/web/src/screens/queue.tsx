import { useState } from 'preact/hooks';
import { api, must, Report } from '../api/client';
import { Loading, ProblemView, Screen, useLoad, ScrollTable } from '../components/common';
import { useApp } from '../context';
import { formatDate, formatDateTime, formatPeriod } from '../i18n/format';
import { href } from '../router';
import { figureWarning } from './report';

export type QueueView = 'mine' | 'all';

/** Where a submitted report stands among its approval levels: "level 2 of 3: <unit>", or one approval. */
export function levelOf(r: Report, unitName: (id: string) => string, t: ReturnType<typeof useApp>['t']): string {
  if (r.levels.length <= 1 || r.awaitingLevel === null) return t('singleLevel');
  const unit = r.levels[r.awaitingLevel];
  return `${t('level')} ${r.awaitingLevel + 1}/${r.levels.length}: ${unit ? unitName(unit) : '?'}`;
}

/**
 * The approval queue. "Awaiting me": the reports whose next approval, at the level they have
 * reached, the signed-in supervisor may give (`awaiting=me`). "All submitted": every submitted
 * report in their scope, whichever level it waits at. Lateness and warnings on both.
 */
export function Queue({ view = 'mine' }: { view?: QueueView }) {
  const { t, lang, ref, claims } = useApp();
  const [pages, setPages] = useState<string[]>(['']);
  const { data, error, loading, reload } = useLoad(async () => {
    const items: Report[] = [];
    let next: string | null = null;
    for (const cursor of pages) {
      const query = { ...(view === 'mine' ? { awaiting: 'me' as const } : { status: 'submitted' as const }), limit: 50, ...(cursor ? { cursor } : {}) };
      const { data } = await must(api.GET('/api/reports', { params: { query } }));
      items.push(...data.items);
      next = data.nextCursor;
    }
    return { items, next };
  }, [view, pages.join(',')]);
  const unitName = (id: string) => ref.units.get(id)?.name ?? id;

  return (
    <Screen title={t('queueTitle')}>
      <nav class="tabs" aria-label={t('queueViews')}>
        {(['mine', 'all'] as const).map((v) => (
          <a key={v} href={href('queue', { view: v === 'mine' ? undefined : v })} aria-current={v === view ? 'page' : undefined} data-view={v} onClick={() => setPages([''])}>
            {t(v === 'mine' ? 'queueMine' : 'queueAll')}
          </a>
        ))}
      </nav>
      {error ? <ProblemView error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && !data.items.length ? <p class="empty">{t(view === 'mine' ? 'queueEmpty' : 'queueAllEmpty')}</p> : null}
      {data?.items.length ? (
        <ScrollTable
          class="queue"
          label={t(view === 'mine' ? 'queueCaption' : 'queueAllCaption')}
          caption={t(view === 'mine' ? 'queueCaption' : 'queueAllCaption')}
          columns={[t('colReport'), t('colUnit'), t('colPeriod'), t('colLevel'), t('colSubmitted'), t('colDeadline'), t('colLateness'), t('colWarnings')]}
        >
          {data.items.map((r) => {
            const warnings = [
              ...(r.approved ? [t('warnAmendment')] : []),
              ...(r.onTime === false ? [t('warnLate')] : []),
              ...(claims && r.submittedBy === claims.sub ? [t('warnOwnSubmission')] : []),
              // The API's checks of the figures at submission (rules, plausible ranges, outliers).
              ...r.warnings.map((w) => figureWarning(w, ref, t)),
            ];
            return (
              <tr key={r.id} data-report={r.id}>
                <th scope="row">
                  <a href={href(`reports/${encodeURIComponent(r.id)}`)}>{r.id}</a>
                </th>
                <td>{unitName(r.unitId)}</td>
                <td>{formatPeriod(r.period, lang)}</td>
                <td data-testid="level">
                  {levelOf(r, unitName, t)}
                  {r.levelApprovals.length ? (
                    <ul class="level-approvals">
                      {r.levelApprovals.map((a) => (
                        <li key={a.level}>
                          {t('level')} {a.level + 1}: {a.by}, {formatDate(a.at)}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
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
        </ScrollTable>
      ) : null}
      {data?.next ? (
        <button type="button" onClick={() => setPages([...pages, data.next!])}>
          {t('loadMore')}
        </button>
      ) : null}
    </Screen>
  );
}
