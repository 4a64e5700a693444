import { useEffect, useState } from 'preact/hooks';
import { api, must } from '../api/client';
import { Loading, ProblemView, Screen, useLoad, ScrollTable } from '../components/common';
import { useApp } from '../context';
import { formatPeriod } from '../i18n/format';
import { dynamic } from '../i18n/messages';
import { href, navigate, Route } from '../router';

const PERIOD = /^(194[5-9]|19[5-9]\d|20\d\d|2100)(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

/** A program's reporting for one period (GET /api/programs/{id}/completeness): expected, received, approved, on time. */
export function Completeness({ route }: { route: Route }) {
  const { t, lang, ref } = useApp();
  const programs = [...ref.programs.values()];
  const programId = route.query.get('programId') ?? programs[0]?.id ?? '';
  const period = PERIOD.test(route.query.get('period') ?? '') ? route.query.get('period')! : String(ref.programs.get(programId)?.fromYear ?? new Date().getFullYear());
  const [form, setForm] = useState({ programId, period });
  const [formError, setFormError] = useState<string | null>(null);
  useEffect(() => setForm({ programId, period }), [route]);

  const { data, error, loading, reload } = useLoad(async () => (programId ? (await must(api.GET('/api/programs/{id}/completeness', { params: { path: { id: programId }, query: { period } } }))).data : null), [programId, period]);

  function submit(event: Event) {
    event.preventDefault();
    if (!PERIOD.test(form.period.trim())) {
      setFormError(t('periodInvalid'));
      return;
    }
    setFormError(null);
    navigate('completeness', { programId: form.programId, period: form.period.trim() });
  }

  const bar = (id: string, label: string, n: number, of: number) => (
    <div class="progress-row" key={id}>
      <span id={`p-${id}`} class="progress-label">
        {label}
      </span>
      <progress aria-labelledby={`p-${id}`} max={Math.max(of, 1)} value={n} data-testid={`progress-${id}`} />
      <span class="num">{t('ofExpected', { n, of })}</span>
    </div>
  );

  return (
    <Screen title={t('completenessTitle')}>
      <form class="filters" onSubmit={submit} noValidate>
        <div>
          <label for="c-program">{t('program')}</label>
          <select id="c-program" value={form.programId} onChange={(e) => setForm({ ...form, programId: (e.target as HTMLSelectElement).value })}>
            {programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="c-period">{t('period')}</label>
          <input id="c-period" value={form.period} maxLength={7} aria-invalid={formError ? 'true' : undefined} aria-describedby="c-period-help" onInput={(e) => setForm({ ...form, period: (e.target as HTMLInputElement).value })} />
          <p id="c-period-help" class={formError ? 'field-error' : 'help'} role={formError ? 'alert' : undefined}>
            {formError ?? t('periodInvalid')}
          </p>
        </div>
        <button type="submit" class="primary">
          {t('show')}
        </button>
      </form>
      {error ? <ProblemView error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <h2>
            {ref.programs.get(data.programId)?.name ?? data.programId}: {formatPeriod(data.period, lang)}
          </h2>
          <div class="card progress">
            {bar('received', t('received'), data.received, data.expected)}
            {bar('approved', t('approvedCount'), data.approved, data.expected)}
            {bar('ontime', t('onTimeCount'), data.onTime, data.expected)}
            <p class="muted">
              {t('expected')}: {data.expected}
            </p>
          </div>
          <ScrollTable
            label={t('completenessTitle')}
            caption={t('completenessTitle')}
            columns={[t('colUnit'), t('colAreas'), t('expected'), t('colStatus'), t('colLateness')]}
          >
            {data.units.map((u) => (
              <tr key={u.unitId}>
                <th scope="row">{ref.units.get(u.unitId)?.name ?? u.unitId}</th>
                <td>{u.areas.join(', ')}</td>
                <td>{u.expected ? t('yes') : t('no')}</td>
                <td>{u.reportId ? <a href={href(`reports/${encodeURIComponent(u.reportId)}`)}>{dynamic(t, 'status', u.status)}</a> : t('notReceived')}</td>
                <td>{u.onTime === true ? t('onTime') : u.onTime === false ? t('late') : '—'}</td>
              </tr>
            ))}
          </ScrollTable>
        </>
      ) : null}
    </Screen>
  );
}
