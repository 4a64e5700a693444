import { useState } from 'preact/hooks';
import { ApiProblem } from '../api/client';
import { currentToken } from '../auth/session';
import { useApp } from '../context';
import { ProblemView } from './common';

/**
 * CSV / XLSX of what a screen shows, from the API's export of the same query (`format=csv|xlsx`,
 * headings in the screen's language). Fetched with the token in the header (a plain link would
 * carry none), then handed to the browser as a file.
 */
export function Downloads({ path, query, name }: { path: string; query: Record<string, string | number | undefined>; name: string }) {
  const { t, lang } = useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function download(format: 'csv' | 'xlsx') {
    setBusy(true);
    setError(null);
    try {
      const all: Record<string, string | number | undefined> = { ...query, format, lang };
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(all)) if (value !== undefined && value !== '') params.set(key, String(value));
      const response = await fetch(`${path}?${params}`, { headers: { Authorization: `Bearer ${currentToken()}` } });
      if (!response.ok) throw new ApiProblem(response.status, await response.json().catch(() => ({})));
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `${name}.${format}`;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof ApiProblem ? e : new ApiProblem(0, { detail: String(e) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="downloads">
      <button type="button" disabled={busy} onClick={() => download('csv')} aria-label={`${t('downloadCsv')}: ${name}`}>
        {t('downloadCsv')}
      </button>
      <button type="button" disabled={busy} onClick={() => download('xlsx')} aria-label={`${t('downloadXlsx')}: ${name}`}>
        {t('downloadXlsx')}
      </button>
      {error ? <ProblemView error={error} /> : null}
    </div>
  );
}
