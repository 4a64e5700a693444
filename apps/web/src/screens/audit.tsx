import { useEffect, useState } from 'preact/hooks';
import { api, must, Schemas } from '../api/client';
import { Loading, ProblemView, Screen, useLoad } from '../components/common';
import { Downloads } from '../components/download';
import { useApp } from '../context';
import { formatAmount, formatDate, formatDateTime, formatPeriod, parseDisplayDate } from '../i18n/format';
import { dynamic, MessageKey } from '../i18n/messages';
import { navigate, Route } from '../router';

type Entry = Schemas['AuditEntryDto'];
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const CODE = /^[a-z][a-z0-9_]{0,63}$/;
const FIELDS = ['reportId', 'unitId', 'indicator', 'actor', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];

/** `2021-01-19T00:00:00+07:00` → `19/01/2021` for the filter box (the address keeps the API's form). */
function displayDate(instant: string | null): string {
  return instant ? formatDate(instant) : '';
}

/** The audit trail (auditors, admins) as a timeline, filtered by report, unit, indicator, actor and dates. */
export function Audit({ route }: { route: Route }) {
  const { t, lang, ref } = useApp();
  const q = route.query;
  const filters = Object.fromEntries(FIELDS.map((f) => [f, q.get(f) ?? ''])) as Record<Field, string>;
  const initialForm = () => ({ ...filters, from: displayDate(filters.from || null), to: displayDate(filters.to || null) });
  const [form, setForm] = useState(initialForm);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  useEffect(() => setForm(initialForm()), [route]);
  const [pages, setPages] = useState<string[]>(['']);
  useEffect(() => setPages(['']), [route]);

  const { data, error, loading, reload } = useLoad(async () => {
    const query = Object.fromEntries(FIELDS.filter((f) => filters[f]).map((f) => [f, filters[f]]));
    const items: Entry[] = [];
    let next: string | null = null;
    for (const cursor of pages) {
      const { data } = await must(api.GET('/api/audit', { params: { query: { ...query, limit: 200, ...(cursor ? { cursor } : {}) } } }));
      items.push(...data.items);
      next = data.nextCursor;
    }
    return { items, next };
  }, [route.query.toString(), pages.join(',')]);

  function submit(event: Event) {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    const out: Record<string, string | undefined> = {};
    for (const f of ['reportId', 'unitId'] as const) if (form[f].trim()) (ID.test(form[f].trim()) ? (out[f] = form[f].trim()) : (found[f] = t('idInvalid')));
    if (form.indicator.trim()) CODE.test(form.indicator.trim()) ? (out.indicator = form.indicator.trim()) : (found.indicator = t('codeInvalid'));
    if (form.actor.trim()) /[\u0000-\u001F\u007F]/.test(form.actor) ? (found.actor = t('textControl')) : (out.actor = form.actor.trim());
    for (const f of ['from', 'to'] as const) {
      if (!form[f].trim()) continue;
      const instant = parseDisplayDate(form[f], f === 'to');
      instant ? (out[f] = instant) : (found[f] = t('dateInvalid'));
    }
    setErrors(found);
    if (!Object.keys(found).length) navigate('audit', out);
  }

  const input = (field: Field, label: MessageKey, extra: Record<string, unknown> = {}) => (
    <div key={field}>
      <label for={`a-${field}`}>{t(label)}</label>
      <input
        id={`a-${field}`}
        value={form[field]}
        aria-invalid={errors[field] ? 'true' : undefined}
        aria-describedby={errors[field] ? `a-${field}-error` : undefined}
        onInput={(e) => setForm({ ...form, [field]: (e.target as HTMLInputElement).value })}
        {...extra}
      />
      {errors[field] ? (
        <p id={`a-${field}-error`} class="field-error" role="alert">
          {errors[field]}
        </p>
      ) : null}
    </div>
  );

  const unitOf = (code: string | null) => (code ? ref.indicators.get(code)?.unit : undefined);
  const value = (v: string | null, qualifier: string | null | undefined, indicator: string | null) =>
    v === null ? '∅' : `${qualifier ? `${dynamic(t, 'qualifier', qualifier)} ` : ''}${formatAmount(v, unitOf(indicator), lang)}`;

  return (
    <Screen title={t('auditTitle')}>
      <p class="help">{t('auditHelp')}</p>
      <form class="filters" onSubmit={submit} noValidate>
        {input('reportId', 'reportId', { maxLength: 100 })}
        {input('unitId', 'unitId', { maxLength: 100 })}
        <div>
          <label for="a-indicator">{t('indicator')}</label>
          <select id="a-indicator" value={form.indicator} onChange={(e) => setForm({ ...form, indicator: (e.target as HTMLSelectElement).value })}>
            <option value="">{t('allPrograms')}</option>
            {[...ref.indicators.values()].map((i) => (
              <option key={i.code} value={i.code}>
                {i.name}
              </option>
            ))}
          </select>
          {errors.indicator ? (
            <p class="field-error" role="alert">
              {errors.indicator}
            </p>
          ) : null}
        </div>
        {input('actor', 'actor', { maxLength: 255 })}
        {input('from', 'from', { placeholder: 'dd/mm/yyyy', inputMode: 'numeric', maxLength: 10 })}
        {input('to', 'to', { placeholder: 'dd/mm/yyyy', inputMode: 'numeric', maxLength: 10 })}
        <button type="submit" class="primary">
          {t('filter')}
        </button>
      </form>
      {error ? <ProblemView error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && !data.items.length ? <p class="empty">{t('auditEmpty')}</p> : null}
      {data?.items.length ? <Downloads path="/api/audit" query={Object.fromEntries(FIELDS.filter((f) => filters[f]).map((f) => [f, filters[f]]))} name="audit-trail" /> : null}
      {data?.items.length ? (
        <ol class="timeline" data-testid="timeline">
          {data.items.map((e) => (
            <li key={e.eventId} class={`entry action-${e.action}`} data-action={e.action}>
              <p class="when">
                <time dateTime={e.occurredAt ?? e.at}>{formatDateTime(e.occurredAt ?? e.at)}</time>
                {e.occurredAt ? (
                  <span class="muted">
                    {' '}
                    ({t('recordedAt')} {formatDateTime(e.at)})
                  </span>
                ) : null}
              </p>
              <p class="what">
                <strong>{dynamic(t, 'action', e.action)}</strong> {t('by')} <span class="actor">{e.actor}</span>
                {' · '}
                {e.reportId} · {ref.units.get(e.unitId)?.name ?? e.unitId} · {formatPeriod(e.period, lang)}
              </p>
              {e.indicator ? (
                <p class="figure">
                  {ref.indicators.get(e.indicator)?.name ?? e.indicator}
                  {e.areaCode ? ` (${e.areaCode})` : ''}: <del>{value(e.oldValue, e.oldQualifier, e.indicator)}</del> → <ins>{value(e.newValue, e.newQualifier, e.indicator)}</ins>
                </p>
              ) : null}
              {e.reason ? (
                <p class="reason">
                  {t('reason').replace(/ \(.*\)$/, '')}: <q>{e.reason}</q>
                </p>
              ) : null}
              {e.comment ? (
                <p class="reason">
                  <q>{e.comment}</q>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {data?.next ? (
        <button type="button" onClick={() => setPages([...pages, data.next!])}>
          {t('loadMore')}
        </button>
      ) : null}
    </Screen>
  );
}
