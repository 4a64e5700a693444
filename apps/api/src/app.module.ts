import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, Reflector } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig } from '@app/shared';
import { AccessService } from './auth/access.service';
import { AuthGuard, JWT_SETTINGS } from './auth/auth.guard';
import { JwtSettings, resolveSecret } from './auth/jwt';
import { CommandRunner } from './commands/command-runner';
import { DemoData } from './demo/demo-data';
import { HealthController } from './health/health.controller';
import { ProblemFilter } from './http/problem';
import { DefineIndicatorHandler } from './indicators/define-indicator.command';
import { IndicatorCatalog } from './indicators/indicator-catalog';
import { IndicatorsController } from './indicators/indicators.controller';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { FreshnessService } from './queries/freshness.service';
import { queryHandlers } from './queries/ledger.queries';
import { QueriesController } from './queries/queries.controller';
import { ChangeStatusHandler } from './reports/changing-status/change-status.command';
import { CreateReportHandler } from './reports/creating-report/create-report.command';
import { ReportsController } from './reports/reports.controller';
import { SetFiguresHandler } from './reports/setting-figures/set-figures.command';
import { RegisterUnitHandler } from './units/register-unit.command';
import { UnitsController } from './units/units.controller';

const controllers = [UnitsController, IndicatorsController, ReportsController, QueriesController, HealthController];
const commandHandlers = [RegisterUnitHandler, DefineIndicatorHandler, CreateReportHandler, SetFiguresHandler, ChangeStatusHandler];
const services = [CommandRunner, AccessService, IndicatorCatalog, FreshnessService, DemoData];

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    const jwt: JwtSettings = {
      secret: resolveSecret(config.auth.secret, config.dataDir),
      issuer: config.auth.issuer,
      audience: config.auth.audience,
    };
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), InfrastructureModule.register(config)],
      controllers,
      providers: [
        ...commandHandlers,
        ...queryHandlers,
        ...services,
        { provide: JWT_SETTINGS, useValue: jwt },
        { provide: APP_GUARD, useFactory: (reflector: Reflector) => new AuthGuard(reflector, jwt), inject: [Reflector] },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
