import { AreaFacts, areasAssignedTo, ExistingReport } from '@app/domain';
import { Reference } from '../platform/reference/reference-data';

/** What the report decider needs to know about the figures of a SetFigures command (PUT figures, an import). */

/** Scale of each defined indicator the figures name; unknown codes are absent. */
export function scalesOf(ref: Reference, figures: readonly { indicator: string }[]): Record<string, number> {
  const scales: Record<string, number> = {};
  for (const { indicator } of figures) {
    const state = ref.indicator(indicator);
    if (state.status === 'defined') scales[indicator] = state.scale;
  }
  return scales;
}

/**
 * The area codes the figures name that exist in the boundary map (retired ones too: a 2021
 * report speaks of 2021's communes), and, under a program, the ones assigned to the unit for
 * the report's period.
 */
export function areaFacts(ref: Reference, report: ExistingReport, figures: readonly { areaCode?: string | null }[]): AreaFacts | undefined {
  const codes = figures.flatMap((f) => (f.areaCode ? [f.areaCode] : []));
  if (codes.length === 0) return undefined;
  const known = codes.filter((c) => ref.areaMap.areas[c]);
  if (!report.programId) return { known, assigned: null };
  const program = ref.program(report.programId);
  return { known, assigned: program.status === 'none' ? [] : areasAssignedTo(program, report.unitId, report.period) };
}
