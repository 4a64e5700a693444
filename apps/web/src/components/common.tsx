import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../api/client';
import { useApp } from '../context';

/** The API's problem+json as a person reads it: title, detail, each field named. */
export function ProblemView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useApp();
  if (!error) return null;
  const p = error instanceof ApiProblem ? error : null;
  const title =
    p?.status === 0 ? t('network') : p?.status === 401 ? t('unauthorized') : p?.status === 403 ? t('forbidden') : p?.status === 404 ? t('notFound') : (p?.problem.title ?? t('problem'));
  return (
    <div class="problem" role="alert">
      <p class="problem-title">
        <strong>{title}</strong>
        {p && p.status > 0 ? <span class="problem-status"> ({p.status})</span> : null}
      </p>
      {p?.problem.detail && p.problem.detail !== title ? <p>{p.problem.detail}</p> : null}
      {!p ? <p>{String(error)}</p> : null}
      {p?.problem.errors?.length ? (
        <ul class="problem-fields">
          {p.problem.errors.map((e) => (
            <li key={e.field}>
              {t('problemField')} <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {p?.problem.requestId ? (
        <p class="muted">
          {t('requestId')}: <code>{p.problem.requestId}</code>
        </p>
      ) : null}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      ) : null}
    </div>
  );
}

/** Loads with a function of the inputs; reload() runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { data: state.data, error: state.error, loading: state.loading, reload: () => setTick((n) => n + 1) };
}

export function Loading() {
  const { t } = useApp();
  return (
    <p class="muted" role="status">
      {t('loading')}
    </p>
  );
}

export function Screen({ title, children }: { title: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = title;
    // Keyboard and screen-reader users land on the new screen's heading.
    document.getElementById('screen-title')?.focus();
  }, [title]);
  return (
    <section aria-labelledby="screen-title">
      <h1 id="screen-title" tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}

/** Multi-line text as the API accepts it in `comment` / `reason`: 1–2000 characters, no control characters but tab and line feed. */
export function textProblem(text: string, required: boolean, t: ReturnType<typeof useApp>['t']): string | null {
  if (!text) return required ? t('reasonRequired') : null;
  if ([...text].length > 2000) return t('textTooLong', { n: 2000 });
  if (/[\u0000-\u0008\u000B-\u001F\u007F]/.test(text)) return t('textControl');
  return null;
}

/**
 * A table in a keyboard-scrollable region (only tables scroll sideways on a phone): the region is
 * named by `label`, the table by its caption, the columns by their headings (null: left out).
 */
export function ScrollTable({ label, caption, columns, children, footer, ...table }: {
  label: string;
  caption: ComponentChildren;
  columns: (ComponentChildren | null)[];
  children: ComponentChildren;
  /** Rows of a `tfoot` (a total). */
  footer?: ComponentChildren;
  class?: string;
  'data-testid'?: string;
}) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table {...table}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (c === null ? null : <th key={i} scope="col">{c}</th>))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {footer ? <tfoot>{footer}</tfoot> : null}
      </table>
    </div>
  );
}
