import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, FieldError, figureInputErrors, FigureInput, figureKey, invalid, notFound, ReportCommand, reportDecider, ReportEvent, reportStreamId, unprocessable } from '@app/domain';
import { EVENT_STORE, EventStore, FoldedStreams } from '@app/event-store';
import { assertReporter, assertReportInReach } from '../../platform/auth/access-policy';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, assertExpectedRevision, CommandAnswerOf, replayOf } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';
import { areaFacts, scalesOf } from '../figure-facts';
import { ImportBody, ImportRow, rowsOf } from './figure-rows';

export type RowResult = 'added' | 'changed' | 'unchanged' | 'invalid';

export interface ImportAnswer extends CommandAnswerOf {
  dryRun: boolean;
  /** Every row passes and the report takes them (a dry run's verdict; true after an import). */
  valid: boolean;
  rows: { line: number; indicator: string | null; areaCode: string | null; result: RowResult; errors: FieldError[] }[];
  /** What refuses the import as a whole (the report's status, a missing reason); a dry run lists it here. */
  errors: FieldError[];
}

export class ImportFigures extends Command<ImportAnswer> {
  constructor(
    readonly ctx: CommandContext,
    readonly reportId: string,
    readonly body: ImportBody,
    readonly options: { dryRun: boolean; reason: string | null },
  ) {
    super();
  }
}

/**
 * A data value set into a report: every row checked by the report's own decider (the same
 * decision as PUT figures), then all rows recorded in one command, one append, or none. A dry run
 * answers what each row would do and appends nothing.
 */
@CommandHandler(ImportFigures)
export class ImportFiguresHandler implements ICommandHandler<ImportFigures> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly reference: ReferenceData,
    private readonly streams: FoldedStreams,
  ) {}

  async execute({ ctx, reportId, body, options }: ImportFigures): Promise<ImportAnswer> {
    const report = await this.streams.load(reportStreamId(reportId), reportDecider);
    if (report.state.status === 'none') throw notFound(`Report ${reportId} does not exist.`);
    const ref = await this.reference.current();
    assertReportInReach(ctx.actor, report.state, ref);
    if (!(report.state.backEntered && ctx.actor.isAdmin)) assertReporter(ctx.actor, report.state.unitId);
    // Only now is the body read: a file is parsed (an XLSX inflated) for callers who may import into this report.
    const rows = await rowsOf(body);
    if (!options.dryRun) {
      const replay = replayOf(report, ctx);
      if (replay) {
        const earlier = report.events.filter((e) => e.metadata.commandId === ctx.commandId) as unknown as ReportEvent[];
        return { ...answered(reportId, replay), dryRun: false, valid: true, rows: rows.map(recorded(outcomes(earlier))), errors: [] };
      }
    }
    assertExpectedRevision(report, ctx);

    // The rows that read as figures go to the decider together; its errors name figures[i] of that list.
    const readable = rows.filter((r) => r.input !== null);
    const inputs: FigureInput[] = readable.map((r) => r.input!);
    const scales = scalesOf(ref, inputs);
    const areas = areaFacts(ref, report.state, inputs);
    const rowErrors = new Map<ImportRow, FieldError[]>(rows.map((r) => [r, [...r.errors]]));
    // Rows whose cells do not read as a figure, or that the decider finds malformed: 400, as PUT; the rest name references (422).
    const malformed = new Set(rows.filter((r) => r.errors.length));
    const units = inputs.flatMap((f) => f.partners ?? []).filter((u) => ref.unit(u).status !== 'none');
    for (const e of figureInputErrors(report.state, inputs, scales, areas, units)) {
      const [, index, rest] = /^figures\[(\d+)\](.*)$/.exec(e.field) ?? [];
      const row = readable[Number(index)];
      rowErrors.get(row)!.push({ field: `${row.field}${rest}`, message: e.message });
      if (e.kind === 'invalid') malformed.add(row);
    }
    const bad = rows.filter((r) => rowErrors.get(r)!.length);

    const command: ReportCommand = {
      type: 'SetFigures',
      data: { reportId, figures: inputs, reason: options.reason },
      scales,
      areas,
      units,
      actor: ctx.actor.sub,
      at: ctx.now,
    };
    if (!options.dryRun) {
      if (bad.length) {
        // PUT figures' statuses: malformed input first (400); when every bad row only names an
        // unknown indicator, area or unit, or an unassigned area, 422. Either way every bad row is listed.
        const lines = `lines ${bad.map((r) => r.line).join(', ')}`;
        const errors = bad.flatMap((r) => rowErrors.get(r)!);
        if (malformed.size) throw invalid(`${bad.length} of ${rows.length} rows are not valid (${lines}); nothing was recorded`, errors);
        throw unprocessable(`${bad.length} of ${rows.length} rows name unknown indicators, areas or units, or areas not assigned to the unit (${lines}); nothing was recorded`, errors);
      }
      const events = reportDecider.decide(command, report.state);
      const result = answered(reportId, await appendDecided(this.events, report, events, ctx));
      return { ...result, dryRun: false, valid: true, rows: rows.map(recorded(outcomes(events))), errors: [] };
    }

    // A dry run: what the decider would record for the rows that pass, and what refuses the whole.
    let whole: FieldError[] = [];
    let events: ReportEvent[] = [];
    try {
      events = reportDecider.decide({ ...command, data: { ...command.data, figures: inputs.filter((_, i) => !bad.includes(readable[i])) } }, report.state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      whole = error.errors.length ? error.errors : [{ field: 'report', message: error.message }];
    }
    const changed = outcomes(events);
    return {
      ...answered(reportId, { revision: report.revision, position: report.position, appended: false }),
      dryRun: true,
      valid: bad.length === 0 && whole.length === 0,
      rows: rows.map((r) => {
        const errors = rowErrors.get(r)!;
        if (errors.length) return { ...identity(r), result: 'invalid' as const, errors };
        return recorded(changed)(r);
      }),
      errors: whole,
    };
  }
}

function identity(row: ImportRow) {
  return { line: row.line, indicator: row.input?.indicator ?? null, areaCode: row.input?.areaCode ?? null };
}

/** What the events do to each figure they record: add it, or change it. */
function outcomes(events: readonly ReportEvent[]): Map<string, RowResult> {
  return new Map(
    events.flatMap((e) =>
      e.type === 'FigureRecorded.v1' ? [[figureKey({ indicator: e.data.indicator, areaCode: e.data.areaCode }), e.data.previousValue === null ? 'added' : 'changed'] as const] : [],
    ),
  );
}

/** A row that passed: what the events did (or would do) to its figure; unchanged when they leave it be. */
function recorded(outcome: Map<string, RowResult>) {
  return (r: ImportRow) => {
    const key = figureKey({ indicator: r.input!.indicator, areaCode: r.input!.areaCode ?? null });
    return { ...identity(r), result: outcome.get(key) ?? ('unchanged' as const), errors: [] as FieldError[] };
  };
}
