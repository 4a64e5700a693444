import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, must, Schemas } from '../api/client';
import { TotalsChart } from '../components/chart';
import { Downloads } from '../components/download';
import { Loading, ProblemView, Screen, useLoad, ScrollTable } from '../components/common';
import { useApp } from '../context';
import { formatAmount, formatDateTime, formatPeriod, Granularity, periodsOf, toPlotNumber } from '../i18n/format';
import { href, navigate, Route } from '../router';
import { supervisedUnits } from '../auth/session';

type Grain = Granularity | 'phase';
const GRAINS: Grain[] = ['month', 'quarter', 'half', 'year', 'phase'];
const YEAR = /^(194[5-9]|19[5-9]\d|20\d\d|2100)$/;

/** An instant from the address (`at`, ISO 8601 with its zone, as the API's asOfTime takes it), or '' for now. */
function instantOf(value: string | null): string {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return '';
  return Number.isNaN(Date.parse(value)) ? '' : value;
}

/** The browser's local wall time of an instant, to the second, as a datetime-local input shows it. */
function localInput(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/**
 * Totals by period (summaries of the signed-in user's scope) as a bar or line chart, official
 * (approved) beside proposed; then one period broken down by area or by unit, with drill-down.
 * Filters live in the address (#/totals?indicator=…&grain=…&year=…), so a view can be shared.
 */
export function Totals({ route }: { route: Route }) {
  const { t, lang, ref } = useApp();
  const q = route.query;
  const indicators = [...ref.indicators.values()];
  const indicator = q.get('indicator') ?? (ref.indicators.has('support_value_vnd') ? 'support_value_vnd' : (indicators[0]?.code ?? ''));
  const grain = (GRAINS.includes(q.get('grain') as Grain) ? q.get('grain') : 'year') as Grain;
  const thisYear = String(new Date().getFullYear());
  const year = YEAR.test(q.get('year') ?? '') ? q.get('year')! : thisYear;
  const fromYear = YEAR.test(q.get('from') ?? '') ? q.get('from')! : String(Number(year) - 4);
  const programId = q.get('programId') ?? '';
  const kind = q.get('chart') === 'line' ? 'line' : 'bar';
  // As of a moment: every figure on the screen as the ledger stood then (the API replays the log up to it).
  const at = instantOf(q.get('at'));
  const unit = ref.indicators.get(indicator)?.unit;

  const [form, setForm] = useState({ indicator, grain, year, fromYear, programId, kind, at: localInput(at) });
  const [formError, setFormError] = useState<{ field: 'year' | 'at'; message: string } | null>(null);
  useEffect(() => setForm({ indicator, grain, year, fromYear, programId, kind, at: localInput(at) }), [route]);

  const periods = grain === 'phase' ? [`${fromYear}..${year}`] : periodsOf(Number(year), grain);
  const key = `${periods.join(',')}|${programId}|${indicator}|${at}`;
  const { data: loaded, error, loading, reload } = useLoad(async () => {
    const answers = await Promise.all(
      periods.map((period) =>
        must(api.GET('/api/summaries/{period}', { params: { path: { period }, query: { ...(programId ? { programId } : {}), ...(at ? { asOfTime: at } : {}) } } })),
      ),
    );
    const rows = answers.map(({ data: s }) => s.indicators.find((i) => i.indicator === indicator) ?? null);
    // The log position the answers are as of (the same for every period: one instant, one position).
    return { key, rows, position: at ? (answers[0]?.response.headers.get('x-as-of-position') ?? null) : null };
  }, [key]);
  // Only the answer to the filters on screen (the previous one stays in state while the next loads).
  const data = loaded?.key === key ? loaded.rows : undefined;

  function submit(event: Event) {
    event.preventDefault();
    if (!YEAR.test(form.year) || (form.grain === 'phase' && (!YEAR.test(form.fromYear) || Number(form.fromYear) > Number(form.year)))) {
      setFormError({ field: 'year', message: t('yearInvalid') });
      return;
    }
    const asOf = form.at ? new Date(form.at) : null;
    if (asOf && Number.isNaN(asOf.getTime())) {
      setFormError({ field: 'at', message: t('asOfInvalid') });
      return;
    }
    setFormError(null);
    navigate('totals', {
      indicator: form.indicator, grain: form.grain, year: form.year, from: form.grain === 'phase' ? form.fromYear : undefined, programId: form.programId || undefined, chart: form.kind,
      at: asOf ? asOf.toISOString() : undefined,
    });
  }

  const labels = periods.map((p) => formatPeriod(p, lang));
  const series = data
    ? [
        { label: t('approvedSeries'), values: data.map((d) => toPlotNumber(d?.approved)), display: data.map((d) => formatAmount(d?.approved ?? '0', unit, lang)) },
        { label: t('proposedSeries'), values: data.map((d) => toPlotNumber(d?.proposed)), display: data.map((d) => formatAmount(d?.proposed ?? '0', unit, lang)) },
      ]
    : [];
  const indicatorName = ref.indicators.get(indicator)?.name ?? indicator;

  return (
    <Screen title={t('totalsTitle')}>
      <form class="filters" onSubmit={submit} noValidate>
        <div>
          <label for="f-indicator">{t('indicator')}</label>
          <select id="f-indicator" value={form.indicator} onChange={(e) => setForm({ ...form, indicator: (e.target as HTMLSelectElement).value })}>
            {indicators.map((i) => (
              <option key={i.code} value={i.code}>
                {i.name} ({i.unit})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-program">{t('program')}</label>
          <select id="f-program" value={form.programId} onChange={(e) => setForm({ ...form, programId: (e.target as HTMLSelectElement).value })}>
            <option value="">{t('allPrograms')}</option>
            {[...ref.programs.values()].map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-grain">{t('grain')}</label>
          <select id="f-grain" value={form.grain} onChange={(e) => setForm({ ...form, grain: (e.target as HTMLSelectElement).value as Grain })}>
            {GRAINS.map((g) => (
              <option key={g} value={g}>
                {t(`grain_${g}`)}
              </option>
            ))}
          </select>
        </div>
        {form.grain === 'phase' ? (
          <div>
            <label for="f-from">{t('fromYear')}</label>
            <input id="f-from" inputMode="numeric" maxLength={4} pattern="\d{4}" value={form.fromYear} onInput={(e) => setForm({ ...form, fromYear: (e.target as HTMLInputElement).value })} />
          </div>
        ) : null}
        <div>
          <label for="f-year">{form.grain === 'phase' ? t('toYear') : t('year')}</label>
          <input id="f-year" inputMode="numeric" maxLength={4} pattern="\d{4}" value={form.year} aria-invalid={formError?.field === 'year' ? 'true' : undefined} aria-describedby={formError?.field === 'year' ? 'f-error' : undefined} onInput={(e) => setForm({ ...form, year: (e.target as HTMLInputElement).value })} />
        </div>
        <div>
          <label for="f-at">
            {t('asOfTime')} <span class="muted">({t('asOfHint')})</span>
          </label>
          <input id="f-at" type="datetime-local" step="1" value={form.at} aria-invalid={formError?.field === 'at' ? 'true' : undefined} aria-describedby={formError?.field === 'at' ? 'f-error' : undefined} onInput={(e) => setForm({ ...form, at: (e.target as HTMLInputElement).value })} />
        </div>
        <div>
          <label for="f-chart">{t('chartKind')}</label>
          <select id="f-chart" value={form.kind} onChange={(e) => setForm({ ...form, kind: (e.target as HTMLSelectElement).value as 'bar' | 'line' })}>
            <option value="bar">{t('bar')}</option>
            <option value="line">{t('line')}</option>
          </select>
        </div>
        <button type="submit" class="primary">
          {t('show')}
        </button>
        {formError ? (
          <p id="f-error" class="field-error" role="alert">
            {formError.message}
          </p>
        ) : null}
      </form>

      {at ? (
        <p class="as-of" data-testid="as-of" role="status">
          {t('asOfNote', { time: formatDateTime(at), position: loaded?.key === key ? (loaded.position ?? '—') : '…' })}{' '}
          <a href={href('totals', { indicator, grain, year, from: grain === 'phase' ? fromYear : undefined, programId: programId || undefined, chart: kind })}>{t('asOfNow')}</a>
        </p>
      ) : null}
      <h2>
        {t('byPeriod')}: {indicatorName}
      </h2>
      {error ? <ProblemView error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <TotalsChart kind={kind} labels={labels} series={series} label={t('chartLabel', { indicator: indicatorName })} />
          <ScrollTable
            class="totals"
            data-testid="totals-by-period"
            label={t('byPeriod')}
            caption={`${t('byPeriod')}: ${indicatorName}`}
            columns={[t('breakdownPeriod'), t('approvedSeries'), t('proposedSeries')]}
          >
            {periods.map((p, i) => (
              <tr key={p} data-period={p}>
                <th scope="row">{labels[i]}</th>
                <td class="num" data-col="approved">
                  {series[0].display[i]}
                  {data[i]?.qualified ? ' ≈' : ''}
                </td>
                <td class="num" data-col="proposed">
                  {series[1].display[i]}
                  {data[i]?.proposedQualified ? ' ≈' : ''}
                </td>
              </tr>
            ))}
          </ScrollTable>
          {data.some((d) => d?.qualified || d?.proposedQualified) ? <p class="muted">{t('qualifiedNote')}</p> : null}
        </>
      ) : null}
      {grain !== 'phase' && indicator ? <Breakdown indicator={indicator} periods={periods} unit={unit} at={at} /> : null}
    </Screen>
  );
}

type Level = { key: string; name: string };

function Breakdown({ indicator, periods, unit, at }: { indicator: string; periods: string[]; unit: string | undefined; at: string }) {
  const { t, lang, ref, claims } = useApp();
  const [by, setBy] = useState<'area' | 'unit'>('area');
  const [period, setPeriod] = useState(periods[periods.length - 1]);
  useEffect(() => setPeriod(periods[periods.length - 1]), [periods.join(',')]);
  const [trail, setTrail] = useState<Level[]>([]);
  const { data: roots } = useLoad(async () => {
    if (by === 'unit') {
      const mine = supervisedUnits(claims);
      const units = mine.length ? mine : [...ref.units.values()].filter((u) => !u.parentId).map((u) => u.id);
      return units.map((id) => ({ key: id, name: ref.units.get(id)?.name ?? id }));
    }
    const { data } = await must(api.GET('/api/areas', { params: { query: { level: 'province' } } }));
    return (data.items as Schemas['AreaDto'][]).map((a) => ({ key: a.code, name: a.name }));
  }, [by]);
  const [rootKey, setRootKey] = useState<string | null>(null);
  useEffect(() => {
    setTrail([]);
    setRootKey(null);
  }, [by]);
  const root = roots?.find((r) => r.key === rootKey) ?? roots?.[0];
  const here = trail[trail.length - 1] ?? root;

  const { data, error, loading, reload } = useLoad(async () => {
    if (!here) return null;
    const query = by === 'area' ? { period, indicator, by, areaCode: here.key, limit: 200 } : { period, indicator, by, unitId: here.key, limit: 200 };
    return (await must(api.GET('/api/totals/breakdown', { params: { query: { ...query, ...(at ? { asOfTime: at } : {}) } } }))).data;
  }, [by, period, indicator, here?.key, at]);

  const amount = (v: string | null | undefined) => formatAmount(v ?? '0', unit, lang);
  return (
    <section aria-labelledby="breakdown-title">
      <h2 id="breakdown-title">{by === 'area' ? t('byArea') : t('byUnit')}</h2>
      <div class="filters">
        <fieldset class="segmented">
          <legend>{t('grain')}</legend>
          {(['area', 'unit'] as const).map((b) => (
            <label key={b}>
              <input type="radio" name="breakdown-by" value={b} checked={by === b} onChange={() => setBy(b)} /> {b === 'area' ? t('byArea') : t('byUnit')}
            </label>
          ))}
        </fieldset>
        <div>
          <label for="b-period">{t('breakdownPeriod')}</label>
          <select id="b-period" value={period} onChange={(e) => setPeriod((e.target as HTMLSelectElement).value)}>
            {periods.map((p) => (
              <option key={p} value={p}>
                {formatPeriod(p, lang)}
              </option>
            ))}
          </select>
        </div>
        {roots && roots.length > 1 ? (
          <div>
            <label for="b-root">{t('top')}</label>
            <select
              id="b-root"
              value={root?.key}
              onChange={(e) => {
                setRootKey((e.target as HTMLSelectElement).value);
                setTrail([]);
              }}
            >
              {roots.map((r) => (
                <option key={r.key} value={r.key}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {trail.length ? (
        <nav aria-label={t('back')} class="crumbs">
          <button type="button" onClick={() => setTrail(trail.slice(0, -1))}>
            ← {t('back')}
          </button>{' '}
          {[root, ...trail].map((l) => l?.name).join(' › ')}
        </nav>
      ) : null}
      {error ? <ProblemView error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && here ? (
        <Downloads
          path="/api/totals/breakdown"
          query={{ ...(by === 'area' ? { period, indicator, by, areaCode: here.key } : { period, indicator, by, unitId: here.key }), asOfTime: at || undefined }}
          name={`${indicator}-${period}-${by}-${here.key}`}
        />
      ) : null}
      {data && here ? (
        <ScrollTable
          class="breakdown"
          data-testid={`breakdown-${by}`}
          label={`${by === 'area' ? t('byArea') : t('byUnit')}: ${here.name}`}
          caption={`${here.name}, ${formatPeriod(period, lang)}`}
          columns={[t('colName'), t('approvedSeries'), t('proposedSeries')]}
          footer={
            <tr>
              <th scope="row">{t('total')}</th>
              <td class="num">
                {amount(data.total?.approved)}
                {data.total?.qualified ? ' ≈' : ''}
              </td>
              <td class="num">
                {amount(data.total?.proposed)}
                {data.total?.proposedQualified ? ' ≈' : ''}
              </td>
            </tr>
          }
        >
          {data.items.map((row) => (
            <tr key={row.key} data-key={row.key}>
              <th scope="row">
                {row.key === here.key ? (
                  row.name
                ) : (
                  <button type="button" class="link" aria-label={t('drillDown', { name: row.name })} onClick={() => setTrail([...trail, { key: row.key, name: row.name }])}>
                    {row.name}
                  </button>
                )}
              </th>
              <td class="num">
                {row.approved === null ? '—' : amount(row.approved)}
                {row.qualified ? ' ≈' : ''}
              </td>
              <td class="num">
                {row.proposed === null ? '—' : amount(row.proposed)}
                {row.proposedQualified ? ' ≈' : ''}
              </td>
            </tr>
          ))}
        </ScrollTable>
      ) : null}
    </section>
  );
}
