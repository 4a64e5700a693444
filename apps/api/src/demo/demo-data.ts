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
import { DEMO_2020_FIGURES, DEMO_INDICATORS, DEMO_UNITS } from './demo-catalogue';

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
    if (!this.config.demoData || (await this.events.headPosition()) !== null) return;
    await this.load();
    this.logger.log(`demo loaded: ${DEMO_UNITS.length} units, ${DEMO_INDICATORS.length} indicators, approved report ${DEMO_REPORT_ID}`);
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
  }
}
