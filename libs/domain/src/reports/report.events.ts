/**
 * Events of a report stream (`report-<id>`). Plain, versioned data: the type string carries the
 * schema version, and a new shape gets a new type (`.v2`) with an upcaster, never an edit.
 * Decimal values are canonical strings (see kernel/decimal).
 */
import { Qualifier } from '../kernel/qualifier';

export interface FigureKey {
  indicator: string;
  /** The commune or village the figure is for; null for the unit's whole area. */
  areaCode: string | null;
}

export interface Figure extends FigureKey {
  value: string;
  note: string | null;
  /** "gần 4.400" is 4400 nearly; absent for a figure given as exact. */
  qualifier?: Qualifier;
  /** Joint work: the activity this figure reports (the same ref, indicator and area counts once across units); absent for the unit's own work. */
  activityRef?: string;
  /** The other units the joint activity was done with (present exactly when activityRef is). */
  partners?: string[];
}

/** Joint work's fields of a figure, written only when it is joint (so other figures keep their shape). */
export const jointOf = (f: { activityRef?: string | null; partners?: readonly string[] | null }) =>
  f.activityRef ? { activityRef: f.activityRef, partners: [...(f.partners ?? [])] } : {};

/**
 * A paper report entered afterwards keeps its real dates: `at` is when the act happened (the
 * business date, which timeliness uses), and these optional fields, present only on such events,
 * say when it was entered, why, and whom the paper names. Absent on every event of a report
 * entered live, where `at` is also when it was recorded.
 */
export interface BackEntry {
  /** When the event was entered into the ledger (the clock), as metadata.recordedAt. */
  recordedAt?: string;
  backEntryReason?: string;
  /** The person the paper names as having done it (the reporter who signed, the approver). */
  onBehalfOf?: string;
}

/**
 * `reason`, an optional field added with review conferences: why a report is filed for a period
 * a review conference already announced, or that an approved consolidated report already covers
 * (a late report). Absent on every other creation.
 */
export type ReportCreated = {
  type: 'ReportCreated.v1';
  data: {
    reportId: string; unitId: string; programId: string | null; period: string; by: string; at: string; reason?: string;
    /**
     * Optional, added with consolidated reports: the report consolidates its unit's subtree for its
     * period, and these are the units below it (as the tree stood at creation). Their reports for
     * periods within its own are covered: totals count this report's figures instead of theirs.
     */
    consolidates?: string[];
  } & BackEntry;
};

/**
 * A figure set for the first time (`previousValue` null) or corrected. `qualifier` and
 * `previousQualifier` are optional fields added after the first events were written: absent means
 * the figure was (or is) given as exact, which is what every earlier event meant.
 */
export type FigureRecorded = {
  type: 'FigureRecorded.v1';
  data: FigureKey & {
    reportId: string;
    value: string;
    previousValue: string | null;
    note: string | null;
    reason: string | null;
    qualifier?: Qualifier;
    previousQualifier?: Qualifier;
    /** The note the figure had before, when it had one (added with note changes: absent on earlier events). */
    previousNote?: string;
    /** Joint work (added with joint figures: absent on every other event). */
    activityRef?: string;
    partners?: string[];
    /** The activity the figure reported before, when it was joint and is no longer, or another one. */
    previousActivityRef?: string;
  };
};

export type FigureRemoved = {
  type: 'FigureRemoved.v1';
  data: FigureKey & { reportId: string; previousValue: string; reason: string | null; previousQualifier?: Qualifier };
};

/** The first shape of a submission, before programs had reporting calendars; upcast to v2 when read. */
export type ReportSubmittedV1 = { type: 'ReportSubmitted.v1'; data: { reportId: string; by: string; at: string } };

/**
 * A submission with its lateness: `deadline` (a date, from the program's reporting calendar) and
 * whether the submission was on or before it (in Vietnam's time zone). Both null for a report
 * outside any program, and for v1 events.
 */
export type ReportSubmittedV2 = {
  type: 'ReportSubmitted.v2';
  data: { reportId: string; by: string; at: string; deadline: string | null; onTime: boolean | null } & BackEntry;
};

/**
 * A submission with the approval levels it must pass, fixed when it is submitted: the units whose
 * supervisors approve it in turn (lowest first), from its program. Empty: one approval makes it
 * official (a report outside a program, a program with a single level, and every v1/v2 event).
 * `warnings` (an optional field added after the first v3 events, present only when there are
 * some): what the figure checks found in the submitted version, for its reviewers.
 */
export type ReportSubmitted = {
  type: 'ReportSubmitted.v3';
  data: { reportId: string; by: string; at: string; deadline: string | null; onTime: boolean | null; levels: string[]; warnings?: FigureWarning[] } & BackEntry;
};

/**
 * One level of several approved the submitted version (not the last: the last level's approval
 * is ReportApproved, which makes the version official).
 */
export type ReportLevelApproved = {
  type: 'ReportLevelApproved.v1';
  data: { reportId: string; level: number; unitId: string; by: string; at: string; comment: string | null };
};

export type ReportApproved = {
  type: 'ReportApproved.v1';
  data: { reportId: string; by: string; at: string; comment: string | null } & BackEntry;
};

export type ReportRejected = {
  type: 'ReportRejected.v1';
  data: { reportId: string; by: string; at: string; reason: string };
};

/** An approved report reopened for amendment; official totals keep the approved figures meanwhile. */
export type ReportReopened = {
  type: 'ReportReopened.v1';
  data: { reportId: string; by: string; at: string; reason: string };
};

/** Something a reviewer should look at in a submitted report: a broken rule, a figure out of range, an outlier (see figure-checks). */
export interface FigureWarning {
  indicator: string;
  areaCode: string | null;
  /** The rule as it reads (`villages_reached <= villages_total`, `0 <= poverty_rate_pct <= 100`), or `outlier`. */
  rule: string;
  message: string;
}

export type ReportEvent =
  | ReportCreated
  | FigureRecorded
  | FigureRemoved
  | ReportSubmittedV1
  | ReportSubmittedV2
  | ReportSubmitted
  | ReportLevelApproved
  | ReportApproved
  | ReportRejected
  | ReportReopened;

export type ReportEventType = ReportEvent['type'];

export const REPORT_EVENT_TYPES: readonly ReportEventType[] = [
  'ReportCreated.v1',
  'FigureRecorded.v1',
  'FigureRemoved.v1',
  'ReportSubmitted.v1',
  'ReportSubmitted.v2',
  'ReportSubmitted.v3',
  'ReportLevelApproved.v1',
  'ReportApproved.v1',
  'ReportRejected.v1',
  'ReportReopened.v1',
];

export const reportStreamId = (reportId: string) => `report-${reportId}`;

export const figureKey = (k: FigureKey) => `${k.indicator}|${k.areaCode ?? ''}`;

/**
 * Reads an old submission as the current shape: nothing was known about its deadline (v1), and
 * before approval levels one approval made a report official (v1, v2).
 */
export function upcastSubmitted(event: ReportSubmittedV1 | ReportSubmittedV2 | ReportSubmitted): ReportSubmitted {
  switch (event.type) {
    case 'ReportSubmitted.v1':
      return { type: 'ReportSubmitted.v3', data: { ...event.data, deadline: null, onTime: null, levels: [] } };
    case 'ReportSubmitted.v2':
      return { type: 'ReportSubmitted.v3', data: { ...event.data, levels: [] } };
    default:
      return event;
  }
}
