import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  comparePeriodEnds, ExistingReport, FigureCheckFacts, FigureWarning, figureKey, forbidden, IndicatorRules, notFound, parsePeriod, ReportCommand, reportDecider,
  reportStreamId, submissionDeadline,
} from '@app/domain';
import { AggregatedStream, EVENT_STORE, EventStore, FoldedStreams } from '@app/event-store';
import { approvedFiguresOf, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { assertReporter, assertReportInReach, assertReviewer } from '../../platform/auth/access-policy';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf } from '../../platform/commands/command-handling';
import { Principal } from '../../platform/auth/principal';
import { Reference, ReferenceData } from '../../platform/reference/reference-data';
import { BackEntryDto, backEntryOf } from '../back-entry';

/** A supervisor's decision on a report: approve, reject or reopen for amendment. */
export type Review =
  | { type: 'ApproveReport'; comment: string | null; backEntry?: BackEntryDto }
  | { type: 'RejectReport'; reason: string }
  | { type: 'ReopenReport'; reason: string };

/** A submission answers what the figure checks found too. */
export type SubmitAnswer = CommandAnswerOf & { warnings: FigureWarning[] };

export class SubmitReport extends Command<SubmitAnswer> {
  constructor(readonly ctx: CommandContext, readonly reportId: string, readonly backEntry: BackEntryDto = {}) {
    super();
  }
}

export class ReviewReport extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly reportId: string, readonly review: Review) {
    super();
  }
}

/**
 * Submit: the unit's reporters. The deadline of the program's calendar, the catalogue's rules and
 * the unit's history travel with the command; the decider checks the figures against them.
 */
@CommandHandler(SubmitReport)
export class SubmitReportHandler implements ICommandHandler<SubmitReport> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly reference: ReferenceData,
    private readonly streams: FoldedStreams,
  ) {}

  async execute({ ctx, reportId, backEntry: dto }: SubmitReport): Promise<SubmitAnswer> {
    const stream = await loadReport(this.streams, reportId);
    const ref = await this.reference.current();
    assertReportInReach(ctx.actor, stream.state, ref);
    const backEntry = backEntryOf(ctx.actor, dto);
    if (!backEntry) assertReporter(ctx.actor, stream.state.unitId);
    const replay = replayOf(stream, ctx);
    if (replay) return { ...answered(reportId, replay), warnings: stream.state.warnings };
    const deadline = deadlineOf(stream.state, ref);
    const checks = await checksOf(stream.state, ref, this.readModels);
    const command: ReportCommand = { type: 'SubmitReport', data: { reportId }, deadline, levels: levelsOf(stream.state, ref), checks, actor: ctx.actor.sub, at: ctx.now, backEntry };
    const events = reportDecider.decide(command, stream.state);
    const result = answered(reportId, await appendDecided(this.events, stream, events, ctx));
    const submitted = events.find((e) => e.type === 'ReportSubmitted.v3');
    return { ...result, warnings: submitted?.type === 'ReportSubmitted.v3' ? (submitted.data.warnings ?? []) : [] };
  }
}

/**
 * The rules of the indicators the report names (from the event log, like every reference a
 * command checks) and, for outliers, the same figures in the unit's previous approved reports of
 * the same period length (from the reports read model: a warning may miss an approval of the last
 * moments, a blocking rule never does).
 */
async function checksOf(report: ExistingReport, ref: Reference, readModels: ReadModelStore): Promise<FigureCheckFacts> {
  const rules: Record<string, IndicatorRules> = {};
  for (const { indicator } of Object.values(report.figures)) {
    const state = ref.indicator(indicator);
    if (state.status === 'defined') rules[indicator] = { rules: state.rules, range: state.range };
  }
  const type = parsePeriod(report.period)?.type;
  const history: Record<string, string[]> = {};
  for (const doc of type ? await approvedFiguresOf(readModels, report.unitId, type) : []) {
    if (doc._id === report.reportId || comparePeriodEnds(doc.period, report.period) >= 0) continue;
    for (const figure of doc.figures) (history[figureKey(figure)] ??= []).push(figure.value);
  }
  return { rules, history };
}

/** Approve, reject or reopen: supervisors of the unit or above, or of the program's steering unit. */
@CommandHandler(ReviewReport)
export class ReviewReportHandler implements ICommandHandler<ReviewReport> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly reference: ReferenceData,
    private readonly streams: FoldedStreams,
  ) {}

  async execute({ ctx, reportId, review }: ReviewReport): Promise<CommandAnswerOf> {
    const stream = await loadReport(this.streams, reportId);
    const ref = await this.reference.current();
    assertReportInReach(ctx.actor, stream.state, ref);
    const backEntry = review.type === 'ApproveReport' && review.backEntry ? backEntryOf(ctx.actor, review.backEntry) : undefined;
    if (!backEntry) assertMayDecide(ctx.actor, stream.state, review, ref);
    const replay = replayOf(stream, ctx);
    if (replay) return answered(reportId, replay);
    const by = { actor: ctx.actor.sub, at: ctx.now, backEntry };
    const command: ReportCommand =
      review.type === 'ApproveReport'
        ? { type: review.type, data: { reportId, comment: review.comment }, recordedBy: figuresRecordedBy(stream), ...by }
        : { type: review.type, data: { reportId, reason: review.reason }, ...by };
    return answered(reportId, await appendDecided(this.events, stream, reportDecider.decide(command, stream.state), ctx));
  }
}

async function loadReport(streams: FoldedStreams, reportId: string): Promise<AggregatedStream<ExistingReport>> {
  const stream = await streams.load(reportStreamId(reportId), reportDecider);
  if (stream.state.status === 'none') throw notFound(`Report ${reportId} does not exist.`);
  return { ...stream, state: stream.state };
}

/**
 * Rejecting is for the report's reviewers (its unit's supervisors, its program's steering ones)
 * at any level. Approving a report with levels is for the supervisors of the pending level's
 * unit; without levels, for its reviewers.
 */
function assertMayDecide(actor: Principal, report: ExistingReport, review: Review, ref: Reference): void {
  if (review.type !== 'ApproveReport' || report.levels.length < 2 || report.status !== 'submitted') return assertReviewer(actor, report, ref);
  const level = report.levelApprovals.length;
  const unitId = report.levels[level];
  // Per level: a supervisor of that level's unit, not one above it (the province does not stand in for the district).
  if (!actor.supervisorOf.has(unitId)) throw forbidden(`Level ${level + 1} of ${report.levels.length} of this report is approved by a supervisor of ${unitId}.`);
}

/** Who recorded or removed figures since the last approved version (the version under review). */
function figuresRecordedBy(stream: AggregatedStream<ExistingReport>): string[] {
  const lastApproval = stream.events.map((e) => e.type).lastIndexOf('ReportApproved.v1');
  const changes = stream.events.slice(lastApproval + 1).filter((e) => e.type === 'FigureRecorded.v1' || e.type === 'FigureRemoved.v1');
  return [...new Set(changes.map((e) => e.metadata.actor))];
}

/**
 * The approval levels (unit ids, lowest first): the program's; outside a program, those of the
 * nearest unit, the report's own or above, that defines some. None: one approval.
 */
function levelsOf(report: ExistingReport, ref: Reference): string[] {
  if (!report.programId) return ref.unitTreeLevels(report.unitId)?.levels.map((l) => l.unitId) ?? [];
  const program = ref.program(report.programId);
  return program.status === 'none' ? [] : program.approvalLevels.map((l) => l.unitId);
}

/** The submission deadline from the program's reporting calendar; null outside a program. */
function deadlineOf(report: ExistingReport, ref: Reference): string | null {
  if (!report.programId) return null;
  const program = ref.program(report.programId);
  const period = parsePeriod(report.period);
  return program.status === 'none' || !period ? null : submissionDeadline(program.calendar, period);
}
