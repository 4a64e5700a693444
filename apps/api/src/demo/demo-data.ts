import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { AppConfig } from '@app/shared';
import { Principal } from '../auth/principal';
import { CommandContext } from '../commands/command-context';
import { uuidV5 } from '@app/shared';
import { DefineIndicatorCommand } from '../indicators/define-indicator.command';
import { APP_CONFIG } from '../infrastructure/infrastructure.module';
import { ChangeStatusCommand } from '../reports/changing-status/change-status.command';
import { CreateReportCommand } from '../reports/creating-report/create-report.command';
import { SetFiguresCommand } from '../reports/setting-figures/set-figures.command';
import { RegisterUnitCommand } from '../units/register-unit.command';
import { ChangeAreaMapCommand } from '../areas/change-area-map.command';
import { AssignAreaCommand } from '../assignments/assign-area.command';
import { ChangeProgramCommand } from '../programs/change-program.command';
import { CreateProgramCommand, CreateProgramDto } from '../programs/create-program.command';
import { DEMO_2020_FIGURES, DEMO_INDICATORS, DEMO_UNITS } from './demo-catalogue';
import {
  BINHPHUOC_2018_FIGURES, BINHPHUOC_PROGRAMS, DAKLAK_2021_ASSIGNMENTS, DAKLAK_PLAN_2021, DAKLAK_PROGRAM, DEMO_AREAS, DEMO_COMMUNES,
  DEMO_PROVINCE_UNITS, DISTRICT_REMOVAL, LAK_2023_FIGURES, LAMDONG_PHASE_FIGURES, LAMDONG_PROGRAM,
} from './demo-programs';

export const DEMO_REPORT_ID = 'daklak-bcd-2020';

/**
 * On first start with an empty event store, loads the seeds through the ordinary command
 * handlers (so the demo obeys every rule): units, the indicator catalogue, and the steering
 * committee's approved 2020 report. Deterministic command ids make a half-finished load resumable.
 */
@Injectable()
export class DemoData implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
        `programs ${[DAKLAK_PROGRAM, LAMDONG_PROGRAM, ...BINHPHUOC_PROGRAMS].map((p) => p.id).join(', ')} (${DAKLAK_2021_ASSIGNMENTS.length} assignments), ` +
        `approved reports ${DEMO_REPORT_ID}, lamdong-bchqs-2017-2021, binhphuoc-bchqs-2018, lak-bdv-2023`,
    );
  }

  async load(): Promise<void> {
    const admin = new Principal('demo:admin', ['admin']);
    const reporter = new Principal('demo:reporter', ['reporter:daklak-bcd']);
    const supervisor = new Principal('demo:supervisor', ['supervisor:daklak-bcd']);
    const ctx = (principal: Principal, step: string): CommandContext => ({
      principal,
      commandId: uuidV5(`demo:${step}`),
      idempotent: true,
      correlationId: uuidV5('demo'),
      requestHash: `demo:${step}`,
      ifMatch: null,
      now: new Date().toISOString(),
    });
    for (const unit of DEMO_UNITS) await this.commands.execute(new RegisterUnitCommand(unit, ctx(admin, `unit:${unit.id}`)));
    for (const indicator of DEMO_INDICATORS) {
      await this.commands.execute(new DefineIndicatorCommand(indicator, ctx(admin, `indicator:${indicator.code}`)));
    }
    await this.commands.execute(new CreateReportCommand({ id: DEMO_REPORT_ID, unitId: 'daklak-bcd', period: '2020' }, ctx(reporter, 'report:create')));
    await this.commands.execute(
      new SetFiguresCommand(DEMO_REPORT_ID, { figures: DEMO_2020_FIGURES.map((f) => ({ ...f, note: 'Seed 000: sơ kết năm 2020 (figures given as "hơn", at least)' })) }, ctx(reporter, 'report:figures')),
    );
    await this.commands.execute(new ChangeStatusCommand(DEMO_REPORT_ID, 'submit', {}, ctx(reporter, 'report:submit')));
    await this.commands.execute(new ChangeStatusCommand(DEMO_REPORT_ID, 'approve', { comment: 'Hội nghị sơ kết 19/01/2021' }, ctx(supervisor, 'report:approve')));
    await this.loadAreasAndPrograms(ctx, admin);
  }

  /** Seeds 000, 001, 002 and 004: the boundary map, the programs with their assignments and figures, and the 2025 removal of districts. */
  private async loadAreasAndPrograms(ctx: (principal: Principal, step: string) => CommandContext, admin: Principal): Promise<void> {
    const run = (command: object) => this.commands.execute(command);
    for (const unit of DEMO_PROVINCE_UNITS) await run(new RegisterUnitCommand(unit, ctx(admin, `unit:${unit.id}`)));
    for (const a of DEMO_AREAS) {
      await run(new ChangeAreaMapCommand({ type: 'RegisterArea', data: { code: a.code, name: a.name, level: a.level, parentCode: a.parentCode ?? null } }, ctx(admin, `area:${a.code}`)));
    }

    // Seed 000: the Đắk Lắk 2021 program and its 17 assignments, made by the steering committee.
    const steering = new Principal('demo:daklak-bcd', ['supervisor:daklak-bcd']);
    await run(new CreateProgramCommand(DAKLAK_PROGRAM, ctx(admin, `program:${DAKLAK_PROGRAM.id}`)));
    await run(new ChangeProgramCommand(DAKLAK_PROGRAM.id, 'plans', { year: 2021, text: DAKLAK_PLAN_2021 }, ctx(steering, 'program:daklak:plan-2021')));
    for (const [i, a] of DAKLAK_2021_ASSIGNMENTS.entries()) {
      await run(new AssignAreaCommand(
        { programId: DAKLAK_PROGRAM.id, ...a, year: 2021, decisionRef: 'Hội nghị sơ kết chương trình phối hợp năm 2020, giao địa bàn năm 2021', decidedAt: '2021-01-19' },
        ctx(steering, `assignment:daklak-2021:${i}`),
      ));
    }

    // Seed 002: Lâm Đồng 2017–2021, the phase figures filed with the 2021 report and approved by the steering committee's chair.
    await this.approvedReport(ctx, LAMDONG_PROGRAM, 'lamdong-bchqs-2017-2021', 'lamdong-bchqs', '2021',
      LAMDONG_PHASE_FIGURES.map((f) => ({ ...f, note: 'Seed 002: tổng kết giai đoạn 2017–2021 (cả giai đoạn, ghi vào báo cáo năm cuối)' })),
      'Tổng kết Chương trình phối hợp giai đoạn 2017–2021');
    await run(new ChangeProgramCommand(LAMDONG_PROGRAM.id, 'close', { date: '2022-11-21', reason: 'Tổng kết giai đoạn 2017–2021' }, ctx(admin, 'program:lamdong:close')));

    // Seed 001: Bình Phước 2018, reviewed on 26/12/2018, where the 2019 program was signed.
    await this.approvedReport(ctx, BINHPHUOC_PROGRAMS[0], 'binhphuoc-bchqs-2018', 'binhphuoc-bchqs', '2018',
      BINHPHUOC_2018_FIGURES.map((f) => ({ ...f, note: 'Seed 001: tổng kết công tác dân vận năm 2018 ("gần", "trên")' })),
      'Hội nghị tổng kết 26/12/2018');
    await run(new ChangeProgramCommand(BINHPHUOC_PROGRAMS[0].id, 'close', { date: '2018-12-26', reason: 'Tổng kết năm 2018' }, ctx(admin, 'program:binhphuoc-2018:close')));
    await run(new CreateProgramCommand(BINHPHUOC_PROGRAMS[1], ctx(admin, `program:${BINHPHUOC_PROGRAMS[1].id}`)));
    await run(new ChangeProgramCommand(BINHPHUOC_PROGRAMS[1].id, 'sign', { date: '2018-12-26', signatories: ['Ban Dân vận Tỉnh ủy Bình Phước', 'Bộ Chỉ huy Quân sự tỉnh Bình Phước'] }, ctx(admin, 'program:binhphuoc-2019:sign')));

    // Seed 004: huyện Lắk's 2023 review, reported against the district (no program).
    await this.approvedReport(ctx, null, 'lak-bdv-2023', 'lak-bdv', '2023', LAK_2023_FIGURES, 'Hội nghị tổng kết công tác Dân vận năm 2023');

    // The 2025 reorganisation: districts go, the communes now sit directly under the province.
    for (const code of DEMO_COMMUNES) {
      await run(new ChangeAreaMapCommand({ type: 'ReparentArea', data: { code, parentCode: 'tinh-dak-lak', ...DISTRICT_REMOVAL } }, ctx(admin, `area:${code}:2025`)));
    }
  }

  private async approvedReport(
    ctx: (principal: Principal, step: string) => CommandContext,
    program: CreateProgramDto | null,
    reportId: string,
    unitId: string,
    period: string,
    figures: { indicator: string; value: string; note?: string; areaCode?: string }[],
    comment: string,
  ): Promise<void> {
    const admin = new Principal('demo:admin', ['admin']);
    const reporter = new Principal(`demo:reporter:${unitId}`, [`reporter:${unitId}`]);
    // Under a program its steering committee approves; otherwise the province's.
    const approver = new Principal('demo:approver', [`supervisor:${program?.steeringUnitId ?? 'daklak-bcd'}`]);
    if (program) await this.commands.execute(new CreateProgramCommand(program, ctx(admin, `program:${program.id}`)));
    await this.commands.execute(new CreateReportCommand({ id: reportId, unitId, period, programId: program?.id }, ctx(reporter, `report:${reportId}:create`)));
    await this.commands.execute(new SetFiguresCommand(reportId, { figures }, ctx(reporter, `report:${reportId}:figures`)));
    await this.commands.execute(new ChangeStatusCommand(reportId, 'submit', {}, ctx(reporter, `report:${reportId}:submit`)));
    await this.commands.execute(new ChangeStatusCommand(reportId, 'approve', { comment }, ctx(approver, `report:${reportId}:approve`)));
  }
}
