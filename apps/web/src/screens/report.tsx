import { useState } from 'preact/hooks';
import { api, ApiProblem, etagOf, must, Report, Schemas } from '../api/client';
import { Loading, ProblemView, Screen, textProblem, useLoad, ScrollTable } from '../components/common';
import { reviewsNow, useApp } from '../context';
import { formatAmount, formatDate, formatDateTime, formatPeriod } from '../i18n/format';
import { dynamic } from '../i18n/messages';
import { isAuditor } from '../auth/session';
import { href } from '../router';

type Figure = Schemas['FigureViewDto'];
type Change = 'changed' | 'added' | 'removed' | 'unchanged';
interface Row {
  indicator: string;
  areaCode: string | null;
  now: Figure | null;
  before: Figure | null;
  change: Change;
}

/** A finding of the submission's checks, as a reader takes it: the indicator's name, its area, the rule it broke. */
export function figureWarning(w: Schemas['FigureWarningDto'], ref: ReturnType<typeof useApp>['ref'], t: ReturnType<typeof useApp>['t']): string {
  const name = ref.indicators.get(w.indicator)?.name ?? w.indicator;
  const where = w.areaCode ? ` (${w.areaCode})` : '';
  return `${name}${where}: ${w.rule === 'outlier' ? t('warnOutlier') : w.rule}`;
}

const keyOf = (f: Figure) => `${f.indicator}\u0000${f.areaCode ?? ''}`;

/** Working figures against the last approved version, one row per indicator and area. */
export function compareFigures(report: Report): Row[] {
  const before = new Map((report.approved?.figures ?? []).map((f) => [keyOf(f), f]));
  const rows: Row[] = [];
  for (const f of report.figures) {
    const old = before.get(keyOf(f)) ?? null;
    before.delete(keyOf(f));
    const change: Change = !report.approved ? 'unchanged' : !old ? 'added' : old.value !== f.value || (old.qualifier ?? null) !== (f.qualifier ?? null) ? 'changed' : 'unchanged';
    rows.push({ indicator: f.indicator, areaCode: f.areaCode ?? null, now: f, before: old, change });
  }
  for (const old of before.values()) rows.push({ indicator: old.indicator, areaCode: old.areaCode ?? null, now: null, before: old, change: 'removed' });
  return rows.sort((a, b) => a.indicator.localeCompare(b.indicator) || (a.areaCode ?? '').localeCompare(b.areaCode ?? ''));
}

export function ReportScreen({ id }: { id: string }) {
  const app = useApp();
  const { t, lang, ref, claims } = app;
  const [minPosition, setMinPosition] = useState<string | undefined>(undefined);
  // The confirmation of the last action lives here, not in the actions card: the refresh that follows
  // an approval at a lower level removes that card (the next level is someone else's), and the
  // confirmation must stay on the page.
  const [notice, setNotice] = useState<{ id: string; text: string } | null>(null);
  const { data, error, loading, reload } = useLoad(async () => {
    const { data, response } = await must(api.GET('/api/reports/{id}', { params: { path: { id }, query: minPosition ? { minPosition } : {} } }));
    return { report: data, etag: etagOf(response) };
  }, [id, minPosition]);

  const report = data?.report;
  const title = report ? `${t('reportTitle')} ${report.id}` : t('reportTitle');
  const qualifier = (f: Figure | null) => (f?.qualifier ? `${dynamic(t, 'qualifier', f.qualifier)} ` : '');
  const amount = (f: Figure | null) => (f ? qualifier(f) + formatAmount(f.value, ref.indicators.get(f.indicator)?.unit, lang) : '—');
  const rows = report ? compareFigures(report) : [];
  const changes = rows.filter((r) => r.change !== 'unchanged').length;

  return (
    <Screen title={title}>
      {error ? <ProblemView error={error} onRetry={reload} /> : null}
      {loading && !report ? <Loading /> : null}
      {report ? (
        <>
          <dl class="facts">
            <div>
              <dt>{t('colUnit')}</dt>
              <dd>{ref.units.get(report.unitId)?.name ?? report.unitId}</dd>
            </div>
            <div>
              <dt>{t('colPeriod')}</dt>
              <dd>{formatPeriod(report.period, lang)}</dd>
            </div>
            {report.programId ? (
              <div>
                <dt>{t('colProgram')}</dt>
                <dd>{ref.programs.get(report.programId)?.name ?? report.programId}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t('status')}</dt>
              <dd>
                <span class={`badge status-${report.status}`} data-testid="report-status">
                  {dynamic(t, 'status', report.status)}
                </span>
              </dd>
            </div>
            <div>
              <dt>{t('revision')}</dt>
              <dd>{report.revision}</dd>
            </div>
            <div>
              <dt>{t('colSubmitted')}</dt>
              <dd>
                {formatDateTime(report.submittedAt)} {report.submittedBy ? `(${report.submittedBy})` : ''}
              </dd>
            </div>
            <div>
              <dt>{t('colDeadline')}</dt>
              <dd>
                {formatDate(report.deadline)} {report.onTime === true ? <span class="badge ok">{t('onTime')}</span> : report.onTime === false ? <span class="badge late">{t('late')}</span> : null}
              </dd>
            </div>
            {report.approved ? (
              <div>
                <dt>{t('approvedBy')}</dt>
                <dd>
                  {report.approved.approvedBy}, {formatDateTime(report.approved.approvedAt)} ({t('revision')} {report.approved.revision})
                  {report.approved.comment ? <q>{report.approved.comment}</q> : null}
                </dd>
              </div>
            ) : null}
          </dl>

          {report.warnings.length ? (
            <section class="card warnings-card" aria-labelledby="warnings-title" data-testid="figure-warnings">
              <h2 id="warnings-title">{t('figureWarningsTitle')}</h2>
              <ul class="warnings">
                {report.warnings.map((w) => (
                  <li key={`${w.indicator}-${w.areaCode}-${w.rule}`} title={w.message}>
                    {figureWarning(w, ref, t)}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {report.levels.length > 1 ? <LevelProgress report={report} /> : null}

          {notice && notice.id === report.id ? (
            <p class="success" role="status" data-testid="action-done">
              {notice.text}
            </p>
          ) : null}
          {reviewsNow(app, report) && (report.status === 'submitted' || report.status === 'approved') ? (
            <ReviewActions
              report={report}
              etag={data!.etag}
              onStart={() => setNotice(null)}
              onDone={(text, position) => {
                setNotice({ id: report.id, text });
                setMinPosition(position);
              }}
              onReload={reload}
            />
          ) : null}

          <h2>{t('figuresTitle')}</h2>
          <p class="changes-summary" data-testid="changes-summary">
            {report.approved ? `${changes} ${t('changesSummary')}` : t('noApprovedVersion')}
          </p>
          <ScrollTable
            class="figures"
            label={t('figuresCaption')}
            caption={t('figuresCaption')}
            columns={[t('colIndicator'), t('colArea'), t('colValue'), report.approved ? t('colChange') : null, t('colNote')]}
          >
            {rows.map((row) => {
              const indicator = ref.indicators.get(row.indicator);
              return (
                <tr key={`${row.indicator}-${row.areaCode}`} class={`change-${row.change}`} data-indicator={row.indicator} data-change={row.change}>
                  <th scope="row">
                    {indicator?.name ?? row.indicator}
                    <span class="muted"> ({indicator?.unit ?? ''})</span>
                    {isAuditor(claims) ? (
                      <>
                        {' '}
                        <a class="trail-link" href={href('audit', { reportId: report.id, indicator: row.indicator })}>
                          {t('trailOf')}
                        </a>
                      </>
                    ) : null}
                  </th>
                  <td>{row.areaCode ?? t('wholeUnit')}</td>
                  <td class="num">{row.now ? amount(row.now) : '—'}</td>
                  {report.approved ? (
                    <td class="change">
                      {row.change === 'unchanged' ? (
                        <span class="muted">{t('unchanged')}</span>
                      ) : (
                        <mark>
                          <strong>{t(row.change)}:</strong> <del>{amount(row.before)}</del> → <ins>{row.now ? amount(row.now) : '—'}</ins>
                        </mark>
                      )}
                    </td>
                  ) : null}
                  <td>{row.now?.note ?? row.before?.note ?? ''}</td>
                </tr>
              );
            })}
          </ScrollTable>

          <History id={report.id} revision={report.revision} />
        </>
      ) : null}
    </Screen>
  );
}

/** The levels of the version under review: who approved each so far, which one it waits for. */
function LevelProgress({ report }: { report: Report }) {
  const { t, ref } = useApp();
  return (
    <section class="card" aria-labelledby="levels-title">
      <h2 id="levels-title">{t('levelsTitle')}</h2>
      <ol class="levels" data-testid="levels">
        {report.levels.map((unitId, level) => {
          const approval = report.levelApprovals.find((a) => a.level === level);
          const waiting = report.awaitingLevel === level;
          return (
            <li key={level} data-level={level} data-state={approval ? 'approved' : waiting ? 'waiting' : 'later'}>
              <strong>{ref.units.get(unitId)?.name ?? unitId}</strong>
              {': '}
              {approval ? `${t('levelApproved')} ${approval.by}, ${formatDateTime(approval.at)}` : waiting ? t('levelWaiting') : t('levelLater')}
              {approval?.comment ? <> <q>{approval.comment}</q></> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/**
 * The report's versions, newest first (GET /api/reports/{id}/history): for each, who submitted it
 * and when, what changed since the version before (old → new, with the reasons given, who and when),
 * and each decision on it (a level's approval, the approval, a rejection, a reopening).
 */
function History({ id, revision }: { id: string; revision: number }) {
  const { t, lang, ref } = useApp();
  const { data, error, loading, reload } = useLoad(async () => (await must(api.GET('/api/reports/{id}/history', { params: { path: { id } } }))).data, [id, revision]);
  const value = (indicator: string, v: string | null, q: string | null) =>
    v === null ? '—' : (q ? `${dynamic(t, 'qualifier', q)} ` : '') + formatAmount(v, ref.indicators.get(indicator)?.unit, lang);
  const versions = [...(data?.versions ?? [])].reverse();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('historyTitle')}</h2>
      {error ? <ProblemView error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && !versions.length ? <p class="muted">{t('historyEmpty')}</p> : null}
      <ol class="versions" data-testid="history">
        {versions.map((v, i) => (
          <li key={v.version} class={i === 0 ? 'current' : undefined} data-version={v.version}>
            <h3>
              {t('version')} {v.version}: {t('submittedBy')} {v.submittedBy}, {formatDateTime(v.submittedAt)}
            </h3>
            {v.changes.length ? (
              <ScrollTable
                class="history-changes"
                label={`${t('changesOfVersion')} ${v.version}`}
                caption={`${t('changesOfVersion')} ${v.version}`}
                columns={[t('colIndicator'), t('colArea'), t('colChange'), t('colReasons'), t('colBy')]}
              >
                {v.changes.map((c) => (
                  <tr key={`${c.indicator}-${c.areaCode}`} data-indicator={c.indicator} data-action={c.action}>
                    <th scope="row">{ref.indicators.get(c.indicator)?.name ?? c.indicator}</th>
                    <td>{c.areaCode ?? t('wholeUnit')}</td>
                    <td>
                      <strong>{dynamic(t, 'action', c.action)}:</strong>{' '}
                      {c.action === 'note_changed' ? (
                        <>
                          <del>{c.oldNote ?? '—'}</del> → <ins>{c.note ?? '—'}</ins>
                        </>
                      ) : (
                        <>
                          <del>{value(c.indicator, c.oldValue, c.oldQualifier)}</del> → <ins>{value(c.indicator, c.newValue, c.newQualifier)}</ins>
                        </>
                      )}
                    </td>
                    <td>{c.reasons.length ? c.reasons.join('; ') : <span class="muted">—</span>}</td>
                    <td>
                      {c.by}
                      <br />
                      <span class="muted">{formatDateTime(c.at)}</span>
                    </td>
                  </tr>
                ))}
              </ScrollTable>
            ) : (
              <p class="muted">{v.version === 1 ? t('firstVersion') : t('noChangesInVersion')}</p>
            )}
            {v.decisions.length ? (
              <ul class="decisions">
                {v.decisions.map((d, j) => (
                  <li key={j} data-action={d.action}>
                    <strong>{dynamic(t, 'action', d.action)}</strong>: {d.by}, {formatDateTime(d.at)}
                    {d.comment ? <> <q>{d.comment}</q></> : null}
                    {d.reason ? <> <q>{d.reason}</q></> : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ReviewActions({ report, etag, onStart, onDone, onReload }: { report: Report; etag: string | null; onStart: () => void; onDone: (message: string, position: string | undefined) => void; onReload: () => void }) {
  const { t } = useApp();
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<{ field: 'comment' | 'reason'; message: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function act(kind: 'approve' | 'reject' | 'reopen') {
    const problem = kind === 'approve' ? textProblem(comment, false, t) : textProblem(reason, true, t);
    if (problem) {
      setFieldError({ field: kind === 'approve' ? 'comment' : 'reason', message: problem });
      return;
    }
    setFieldError(null);
    setError(null);
    onStart();
    setBusy(true);
    // If-Match: the revision this page shows; a report changed meanwhile answers 412 and nothing is recorded.
    const params = { path: { id: report.id }, header: etag ? { 'If-Match': etag } : {} };
    try {
      const { data } =
        kind === 'approve'
          ? await must(api.POST('/api/reports/{id}/approve', { params, body: comment ? { comment } : {} }))
          : await must(api.POST(kind === 'reject' ? '/api/reports/{id}/reject' : '/api/reports/{id}/reopen', { params, body: { reason } }));
      // An approval below the last level records that level's decision; the version is not official yet.
      const lowerLevel = report.levels.length > 1 && report.awaitingLevel !== null && report.awaitingLevel < report.levels.length - 1;
      setComment('');
      setReason('');
      onDone(t(kind === 'approve' ? (lowerLevel ? 'levelApprovedDone' : 'approved') : kind === 'reject' ? 'rejected' : 'reopened'), data.position ?? undefined);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const conflict = error instanceof ApiProblem && (error.status === 412 || error.status === 409);
  return (
    <section class="card actions" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('actionsTitle')}</h2>
      {conflict ? (
        <div class="problem conflict" role="alert" data-testid="conflict">
          <p class="problem-title">
            <strong>{t('conflictTitle')}</strong>
          </p>
          <p>{t('conflictText')}</p>
          {(error as ApiProblem).problem.detail ? <p class="muted">{(error as ApiProblem).problem.detail}</p> : null}
          <button type="button" onClick={() => { setError(null); onReload(); }}>
            {t('reload')}
          </button>
        </div>
      ) : error ? (
        <ProblemView error={error} />
      ) : null}
      {report.status === 'submitted' ? (
        <>
          <label for="comment">{t('comment')}</label>
          <textarea id="comment" rows={2} maxLength={2000} value={comment} aria-invalid={fieldError?.field === 'comment' ? 'true' : undefined} aria-describedby={fieldError?.field === 'comment' ? 'action-error' : undefined} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
        </>
      ) : null}
      <label for="reason">{t('reason')}</label>
      <textarea id="reason" rows={2} maxLength={2000} value={reason} aria-invalid={fieldError?.field === 'reason' ? 'true' : undefined} aria-describedby={fieldError?.field === 'reason' ? 'action-error' : undefined} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
      {fieldError ? (
        <p id="action-error" class="field-error" role="alert">
          {fieldError.message}
        </p>
      ) : null}
      <div class="buttons">
        {report.status === 'submitted' ? (
          <>
            <button type="button" class="primary" disabled={busy} onClick={() => act('approve')}>
              {t('approve')}
            </button>
            <button type="button" disabled={busy} onClick={() => act('reject')}>
              {t('reject')}
            </button>
          </>
        ) : (
          <button type="button" disabled={busy} onClick={() => act('reopen')}>
            {t('reopen')}
          </button>
        )}
      </div>
    </section>
  );
}
