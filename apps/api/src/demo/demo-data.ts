import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { AppConfig, uuidV5 } from '@app/shared';
import { ChangeAreaMap } from '../areas/changing-area-map/change-area-map.command';
import { AssignArea } from '../assignments/assigning-area/assign-area.command';
import { DefineIndicator } from '../indicators/defining-indicator/define-indicator.command';
import { Principal } from '../platform/auth/principal';
import { CommandContext } from '../platform/commands/command-context';
import { APP_CONFIG } from '../platform/infrastructure.module';
import { ChangeProgram } from '../programs/changing-program/change-program.command';
import { CreateProgram } from '../programs/creating-program/create-program.command';
import { CreateProgramDto } from '../programs/creating-program/create-program.dto';
import { RecordReview } from '../programs/recording-review/record-review.command';
import { ReviewReport, SubmitReport } from '../reports/changing-status/change-status.command';
import { CreateReport } from '../reports/creating-report/create-report.command';
import { SetFigures } from '../reports/setting-figures/set-figures.command';
import { RegisterUnit } from '../units/registering-unit/register-unit.command';
import { SetUnitApprovalLevels } from '../units/setting-approval-levels/set-unit-levels.command';
import { DEMO_2020_FIGURES, DEMO_INDICATORS, DEMO_UNITS, SeedFigure } from './demo-catalogue';
import { DEMO_JOINT_REPORTS } from './demo-joint';
import {
  BINHPHUOC_2018_FIGURES, BINHPHUOC_PROGRAMS, DAKLAK_2021_ASSIGNMENTS, DAKLAK_PLAN_2021, DAKLAK_PROGRAM, DEMO_AREAS, DEMO_COMMUNES,
  BINHPHUOC_UBND_2018_FIGURES, DEMO_PROVINCE_UNITS, DISTRICT_REMOVAL, LAK_2023_FIGURES, LAK_COMMUNES_2023_FIGURES, LAMDONG_PHASE_FIGURES,
  LAMDONG_PROGRAM, SEED003_2022_H1_FIGURES,
} from './demo-programs';
import { DAKLAK_2020_PROGRAM, DAKLAK_2020_REVIEW, LAK_2024_REPORTS, LAK_LEVELS, LAK_PROGRAM } from './demo-review-cycle';

export const DEMO_REPORT_ID = 'daklak-bcd-2020';
/**
 * The reports the demo loads approved (one or more per seed, and the joint-work illustration),
 * which its start-up line names; the others wait at an approval level (LAK_2024_REPORTS).
 */
export const DEMO_APPROVED_REPORT_IDS = [
  DEMO_REPORT_ID, 'binhphuoc-bchqs-2018', 'binhphuoc-ubnd-2018', 'lamdong-bchqs-2017-2021', 'seed003-bdv-2022-h1', 'lak-bdv-2023', 'lak-dang-uy-xa-2023',
  ...DEMO_JOINT_REPORTS.map((r) => r.reportId),
];

/**
 * On first start with an empty event store, loads the seeds through the command bus and the
 * ordinary handlers (so the demo obeys every rule): units, the indicator catalogue, and the steering
 * committee's approved 2020 report. Deterministic command ids make a half-finished load resumable.
 */
@Injectable()
export class DemoData implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) return;
    if (this.events.availability?.().available === false) {
      // A remote event store not answering yet: load once it does, without holding up the boot.
      void this.events
        .untilAvailable?.()
        .then(() => this.loadIfEmpty())
        .catch((error: unknown) => this.logger.error(`demo not loaded: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    await this.loadIfEmpty();
  }

  private async loadIfEmpty(): Promise<void> {
    if ((await this.events.headPosition()) !== null) return;
    await this.load();
    this.logger.log(
      `demo loaded: ${DEMO_UNITS.length + DEMO_PROVINCE_UNITS.length} units, ${DEMO_INDICATORS.length} indicators, ${DEMO_AREAS.length} areas, ` +
        `programs ${[DAKLAK_2020_PROGRAM, DAKLAK_PROGRAM, LAMDONG_PROGRAM, ...BINHPHUOC_PROGRAMS, LAK_PROGRAM].map((p) => p.id).join(', ')} (${DAKLAK_2021_ASSIGNMENTS.length} assignments), ` +
        `approved reports ${DEMO_APPROVED_REPORT_IDS.join(', ')}; ${DAKLAK_2020_PROGRAM.id}'s 2020 review; ${LAK_PROGRAM.id} in two levels, ` +
        `${LAK_2024_REPORTS.map((r) => `${r.reportId} waiting at the ${r.districtApproves ? 'province' : 'district'}`).join(', ')}`,
    );
  }

  async load(): Promise<void> {
    const admin = new Principal('demo:admin', ['admin']);
    for (const unit of DEMO_UNITS) await this.commands.execute(new RegisterUnit(ctx(admin, `unit:${unit.id}`), unit));
    for (const indicator of DEMO_INDICATORS) await this.commands.execute(new DefineIndicator(ctx(admin, `indicator:${indicator.code}`), indicator));
    // Seed 000: the 2020 figures adopted at the review conference on the morning of 19/01/2021, entered from the paper with that date.
    const figures = DEMO_2020_FIGURES.map((f) => ({ ...f, note: 'Seed 000: sơ kết năm 2020' }));
    // It sums its units' work (the 540 houses include the armed forces'): a consolidated report, so a unit's own 2020 report does not count again.
    // It is the report of the steering committee's 2020 program, whose review that morning announced these figures.
    await this.paperReport(DAKLAK_2020_PROGRAM, DEMO_REPORT_ID, 'daklak-bcd', '2020', figures, 'Hội nghị sơ kết 19/01/2021', {
      consolidates: true,
      created: '2021-01-19T07:00:00+07:00', submitted: '2021-01-19T07:30:00+07:00', approved: '2021-01-19T11:00:00+07:00',
      reportedBy: 'Ban Chỉ đạo điều hành chương trình phối hợp công tác Dân vận tỉnh Đắk Lắk', approvedBy: "H'Kim Hoa Byă",
      reason: 'Seed 000: báo cáo sơ kết năm 2020, thông qua tại hội nghị sáng 19/01/2021',
    });
    await this.commands.execute(new RecordReview(ctx(admin, 'program:daklak-2020:review'), DAKLAK_2020_PROGRAM.id, DAKLAK_2020_REVIEW));
    await this.loadAreasAndPrograms(admin);
    // Joint work in Ia Lốp (an illustration beside the seeds, see demo-joint.ts), entered live.
    for (const r of DEMO_JOINT_REPORTS) await this.approvedReport(null, r.reportId, r.unitId, r.period, r.figures, 'Minh họa: công việc phối hợp ở xã Ia Lốp');
    await this.loadLakLevels(admin);
  }

  /** Seeds 000, 001, 002 and 004: the boundary map, the programs with their assignments and figures, and the 2025 removal of districts. */
  private async loadAreasAndPrograms(admin: Principal): Promise<void> {
    for (const unit of DEMO_PROVINCE_UNITS) await this.commands.execute(new RegisterUnit(ctx(admin, `unit:${unit.id}`), unit));
    for (const a of DEMO_AREAS) {
      await this.commands.execute(new ChangeAreaMap(ctx(admin, `area:${a.code}`), { type: 'RegisterArea', data: { code: a.code, name: a.name, level: a.level, parentCode: a.parentCode ?? null } }));
    }

    // Seed 000: the Đắk Lắk 2021 program and its 17 assignments, made by the steering committee.
    const steering = new Principal('demo:daklak-bcd', ['supervisor:daklak-bcd']);
    await this.commands.execute(new CreateProgram(ctx(admin, `program:${DAKLAK_PROGRAM.id}`), DAKLAK_PROGRAM));
    await this.commands.execute(new ChangeProgram(ctx(steering, 'program:daklak:plan-2021'), { type: 'RecordAnnualPlan', data: { programId: DAKLAK_PROGRAM.id, year: 2021, text: DAKLAK_PLAN_2021 } }));
    for (const [i, a] of DAKLAK_2021_ASSIGNMENTS.entries()) {
      await this.commands.execute(new AssignArea(ctx(steering, `assignment:daklak-2021:${i}`), {
        programId: DAKLAK_PROGRAM.id, ...a, year: 2021, decisionRef: 'Hội nghị sơ kết chương trình phối hợp năm 2020, giao địa bàn năm 2021', decidedAt: '2021-01-19',
      }));
    }

    // Seed 002: Lâm Đồng 2017–2021, the phase figures filed with the 2021 report and approved by the steering committee's chair.
    // The article is dated 21/11/2022 and names no conference date: that day it is, and against a 15-day deadline it is late.
    await this.paperReport(LAMDONG_PROGRAM, 'lamdong-bchqs-2017-2021', 'lamdong-bchqs', '2021',
      LAMDONG_PHASE_FIGURES.map((f) => ({ ...f, note: 'Seed 002: tổng kết giai đoạn 2017–2021 (cả giai đoạn, ghi vào báo cáo năm cuối)' })),
      'Tổng kết Chương trình phối hợp giai đoạn 2017–2021', {
        created: '2022-11-21T08:00:00+07:00', submitted: '2022-11-21T08:30:00+07:00', approved: '2022-11-21T15:33:00+07:00',
        reportedBy: 'Bộ Chỉ huy Quân sự tỉnh Lâm Đồng', approvedBy: 'Ban Dân vận Tỉnh ủy Lâm Đồng',
        reason: 'Seed 002: bài ngày 21/11/2022 về tổng kết giai đoạn 2017–2021 (ngày hội nghị không ghi trong bài)',
      });
    // The final review of the phase announces its figures (86 houses, 16.5 billion đồng), then the program closes.
    await this.commands.execute(new RecordReview(ctx(admin, 'program:lamdong:review'), LAMDONG_PROGRAM.id, {
      period: '2017..2021', heldAt: '2022-11-21', kind: 'final', title: 'Tổng kết Chương trình phối hợp giai đoạn 2017–2021',
    }));
    await this.commands.execute(new ChangeProgram(ctx(admin, 'program:lamdong:close'), { type: 'CloseProgram', data: { programId: LAMDONG_PROGRAM.id, date: '2022-11-21', reason: 'Tổng kết giai đoạn 2017–2021' } }));

    // Seed 001: Bình Phước 2018, reviewed on 26/12/2018, where the 2019 program was signed.
    await this.paperReport(BINHPHUOC_PROGRAMS[0], 'binhphuoc-bchqs-2018', 'binhphuoc-bchqs', '2018',
      BINHPHUOC_2018_FIGURES.map((f) => ({ ...f, note: 'Seed 001: tổng kết công tác dân vận năm 2018' })),
      'Hội nghị tổng kết 26/12/2018', {
        created: '2018-12-26T07:00:00+07:00', submitted: '2018-12-26T07:30:00+07:00', approved: '2018-12-26T11:00:00+07:00',
        reportedBy: 'Bộ Chỉ huy Quân sự tỉnh Bình Phước', approvedBy: 'Lê Thị Xuân Trang',
        reason: 'Seed 001: hội nghị tổng kết sáng 26/12/2018',
      });
    // The provincial government's "Năm dân vận chính quyền 2018", reported at the same conference (outside the program).
    await this.paperReport(null, 'binhphuoc-ubnd-2018', 'binhphuoc-ubnd', '2018',
      BINHPHUOC_UBND_2018_FIGURES.map((f) => ({ ...f, note: 'Seed 001: Năm dân vận chính quyền 2018' })), 'Hội nghị tổng kết 26/12/2018', {
        created: '2018-12-26T07:00:00+07:00', submitted: '2018-12-26T07:30:00+07:00', approved: '2018-12-26T11:00:00+07:00',
        reportedBy: 'Ủy ban nhân dân tỉnh Bình Phước', approvedBy: 'Lê Thị Xuân Trang',
        reason: 'Seed 001: hội nghị tổng kết sáng 26/12/2018',
      });
    await this.commands.execute(new ChangeProgram(ctx(admin, 'program:binhphuoc-2018:close'), { type: 'CloseProgram', data: { programId: BINHPHUOC_PROGRAMS[0].id, date: '2018-12-26', reason: 'Tổng kết năm 2018' } }));
    await this.commands.execute(new CreateProgram(ctx(admin, `program:${BINHPHUOC_PROGRAMS[1].id}`), BINHPHUOC_PROGRAMS[1]));
    const signatories = ['Ban Dân vận Tỉnh ủy Bình Phước', 'Bộ Chỉ huy Quân sự tỉnh Bình Phước'];
    await this.commands.execute(new ChangeProgram(ctx(admin, 'program:binhphuoc-2019:sign'), { type: 'SignProgram', data: { programId: BINHPHUOC_PROGRAMS[1].id, date: '2018-12-26', signatories } }));

    // Seed 004: huyện Lắk's 2023 review, reported against the district (no program). The article
    // gives no date, so it is entered live rather than with a made-up one.
    await this.approvedReport(null, 'lak-bdv-2023', 'lak-bdv', '2023', LAK_2023_FIGURES, 'Hội nghị tổng kết công tác Dân vận năm 2023');
    await this.approvedReport(null, 'lak-dang-uy-xa-2023', 'lak-dang-uy-xa', '2023', LAK_COMMUNES_2023_FIGURES, 'Hội nghị tổng kết công tác Dân vận năm 2023');

    // Seed 003: the six-month review held on the afternoon of 30/06/2022.
    await this.paperReport(null, 'seed003-bdv-2022-h1', 'seed003-bdv', '2022-H1', SEED003_2022_H1_FIGURES, 'Hội nghị sơ kết 6 tháng đầu năm 2022', {
      created: '2022-06-30T14:00:00+07:00', submitted: '2022-06-30T14:30:00+07:00', approved: '2022-06-30T17:00:00+07:00',
      reportedBy: 'Hoàng Đình Tuấn', approvedBy: 'Ngọc Kim Nam',
      reason: 'Seed 003: hội nghị sơ kết chiều 30/06/2022',
    });

    // The 2025 reorganisation: districts go, the communes now sit directly under the province.
    for (const code of DEMO_COMMUNES) {
      await this.commands.execute(new ChangeAreaMap(ctx(admin, `area:${code}:2025`), { type: 'ReparentArea', data: { code, parentCode: 'tinh-dak-lak', ...DISTRICT_REMOVAL } }));
    }
  }

  /**
   * Two approval levels in huyện Lắk (an illustration, see demo-review-cycle.ts): the district's
   * committee, then the province's steering committee, for the reports of the district's program
   * and, through the unit tree, for its reports under no program from now on. One report waits at
   * each level, so both supervisors find their queue non-empty.
   */
  private async loadLakLevels(admin: Principal): Promise<void> {
    const province = new Principal('demo:daklak-bcd', ['supervisor:daklak-bcd']);
    const district = new Principal('demo:lak-bdv', ['supervisor:lak-bdv']);
    await this.commands.execute(new CreateProgram(ctx(admin, `program:${LAK_PROGRAM.id}`), LAK_PROGRAM));
    await this.commands.execute(new ChangeProgram(ctx(province, 'program:lak:levels'), { type: 'SetApprovalLevels', data: { programId: LAK_PROGRAM.id, levels: LAK_LEVELS } }));
    await this.commands.execute(new SetUnitApprovalLevels(ctx(province, 'unit:lak-bdv:levels'), 'lak-bdv', LAK_LEVELS));
    for (const r of LAK_2024_REPORTS) {
      const reporter = new Principal(`demo:reporter:${r.unitId}`, [`reporter:${r.unitId}`]);
      await this.commands.execute(new CreateReport(ctx(reporter, `report:${r.reportId}:create`), { id: r.reportId, unitId: r.unitId, period: '2024', programId: LAK_PROGRAM.id }));
      await this.commands.execute(new SetFigures(ctx(reporter, `report:${r.reportId}:figures`), r.reportId, { figures: r.figures }));
      await this.commands.execute(new SubmitReport(ctx(reporter, `report:${r.reportId}:submit`), r.reportId));
      if (r.districtApproves) {
        await this.commands.execute(new ReviewReport(ctx(district, `report:${r.reportId}:approve-district`), r.reportId, { type: 'ApproveReport', comment: 'Ban Dân vận Huyện ủy đã thẩm định' }));
      }
    }
  }

  /**
   * A paper report entered by the demo's clerk (an admin) with the dates and people the seed
   * names: the events keep those dates as the business dates, the load time beside them.
   */
  private async paperReport(
    program: CreateProgramDto | null,
    reportId: string,
    unitId: string,
    period: string,
    figures: SeedFigure[],
    comment: string,
    paper: { created: string; submitted: string; approved: string; reportedBy: string; approvedBy: string; reason: string; consolidates?: boolean },
  ): Promise<void> {
    const clerk = new Principal('demo:clerk', ['admin']);
    const backEntryReason = paper.reason;
    if (program) await this.commands.execute(new CreateProgram(ctx(clerk, `program:${program.id}`), program));
    await this.commands.execute(new CreateReport(ctx(clerk, `report:${reportId}:create`), { id: reportId, unitId, period, programId: program?.id, occurredAt: paper.created, backEntryReason, ...(paper.consolidates ? { consolidates: true } : {}) }));
    await this.commands.execute(new SetFigures(ctx(clerk, `report:${reportId}:figures`), reportId, { figures }));
    await this.commands.execute(new SubmitReport(ctx(clerk, `report:${reportId}:submit`), reportId, { occurredAt: paper.submitted, backEntryReason, onBehalfOf: paper.reportedBy }));
    await this.commands.execute(new ReviewReport(ctx(clerk, `report:${reportId}:approve`), reportId, {
      type: 'ApproveReport', comment, backEntry: { occurredAt: paper.approved, backEntryReason, onBehalfOf: paper.approvedBy },
    }));
  }

  private async approvedReport(
    program: CreateProgramDto | null,
    reportId: string,
    unitId: string,
    period: string,
    figures: SeedFigure[],
    comment: string,
  ): Promise<void> {
    const admin = new Principal('demo:admin', ['admin']);
    const reporter = new Principal(`demo:reporter:${unitId}`, [`reporter:${unitId}`]);
    // Under a program its steering committee approves; otherwise the province's.
    const approver = new Principal('demo:approver', [`supervisor:${program?.steeringUnitId ?? 'daklak-bcd'}`]);
    if (program) await this.commands.execute(new CreateProgram(ctx(admin, `program:${program.id}`), program));
    await this.commands.execute(new CreateReport(ctx(reporter, `report:${reportId}:create`), { id: reportId, unitId, period, programId: program?.id }));
    await this.commands.execute(new SetFigures(ctx(reporter, `report:${reportId}:figures`), reportId, { figures }));
    await this.commands.execute(new SubmitReport(ctx(reporter, `report:${reportId}:submit`), reportId));
    await this.commands.execute(new ReviewReport(ctx(approver, `report:${reportId}:approve`), reportId, { type: 'ApproveReport', comment }));
  }
}

/** The demo's command context: a deterministic command id per step, so every demo load writes the same events. */
function ctx(actor: Principal, step: string): CommandContext {
  return {
    actor,
    commandId: uuidV5(`demo:${step}`),
    correlationId: uuidV5('demo'),
    expectedRevision: null,
    idempotency: { key: step, requestHash: `demo:${step}` },
    now: new Date().toISOString(),
  };
}
