import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Lang } from './i18n/format';
import type { Translate } from './i18n/messages';
import type { Claims } from './auth/session';
import type { Schemas } from './api/client';

export interface WebConfig {
  auth:
    | { mode: 'token' | 'provider-token'; rolesClaim: string }
    | { mode: 'oidc'; rolesClaim: string; issuer: string; clientId: string; scope: string };
}

/** Reference data every screen names things with: units, indicators, programs (readable by every signed-in user). */
export interface Reference {
  units: Map<string, Schemas['UnitDto']>;
  indicators: Map<string, Schemas['IndicatorDto']>;
  programs: Map<string, Schemas['ProgramDto']>;
}

export interface AppState {
  lang: Lang;
  t: Translate;
  claims: Claims | null;
  config: WebConfig;
  ref: Reference;
}

export const AppContext = createContext<AppState>(null as unknown as AppState);
export const useApp = () => useContext(AppContext);

/** The unit and all its ancestors, as a supervisor's scope reads it. */
export function ancestorsOf(units: Reference['units'], unitId: string): string[] {
  const out: string[] = [];
  for (let id: string | null | undefined = unitId; id && !out.includes(id); id = units.get(id)?.parentId) out.push(id);
  return out;
}

/** Whether the signed-in supervisor covers a report (its unit's line, or its program's steering unit's). The API decides; this only hides buttons. */
export function supervises(state: AppState, unitId: string, programId: string | null | undefined): boolean {
  const mine = new Set((state.claims?.roles ?? []).filter((r) => r.startsWith('supervisor:')).map((r) => r.slice(11)));
  if (!mine.size) return false;
  const lines = [unitId, ...(programId ? [state.ref.programs.get(programId)?.steeringUnitId ?? ''] : [])].filter(Boolean);
  return lines.some((u) => ancestorsOf(state.ref.units, u).some((a) => mine.has(a)));
}

/**
 * Whether the signed-in supervisor may act on the report now: with approval levels, a submitted
 * version is decided by a supervisor of the unit of the level it waits at; otherwise as `supervises`.
 * The API decides; this only hides buttons.
 */
export function reviewsNow(state: AppState, report: { unitId: string; programId: string | null; status: string; levels: string[]; awaitingLevel: number | null }): boolean {
  if (report.status === 'submitted' && report.levels.length > 1 && report.awaitingLevel !== null) {
    return (state.claims?.roles ?? []).includes(`supervisor:${report.levels[report.awaitingLevel]}`);
  }
  return supervises(state, report.unitId, report.programId);
}
