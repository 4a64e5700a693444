import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig } from '@app/shared';
import { AccessService } from './auth/access.service';
import { SecurityModule } from './auth/security.module';
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
import { ParseFiguresHandler } from './reports/parsing-figures/parse-figures.query';
import { RegisterUnitHandler } from './units/register-unit.command';
import { UnitsController } from './units/units.controller';
import { ChangeUnitHandler } from './units/change-unit.command';
import { AreaMapService } from './areas/area-map.service';
import { AreasController } from './areas/areas.controller';
import { areaQueryHandlers } from './areas/areas.queries';
import { ChangeAreaMapHandler } from './areas/change-area-map.command';
import { ChangeProgramHandler } from './programs/change-program.command';
import { CreateProgramHandler } from './programs/create-program.command';
import { ProgramsController } from './programs/programs.controller';
import { programQueryHandlers } from './programs/programs.queries';
import { AssignAreaHandler } from './assignments/assign-area.command';
import { AssignmentsController } from './assignments/assignments.controller';
import { assignmentQueryHandlers } from './assignments/assignments.queries';
import { EndAssignmentHandler } from './assignments/end-assignment.command';

const controllers = [UnitsController, IndicatorsController, ReportsController, QueriesController, HealthController];
const commandHandlers = [RegisterUnitHandler, DefineIndicatorHandler, CreateReportHandler, SetFiguresHandler, ChangeStatusHandler];
const services = [CommandRunner, AccessService, IndicatorCatalog, FreshnessService, DemoData];
const reportQueryHandlers = [ParseFiguresHandler];
// Areas, programs and assignments.
const referenceControllers = [AreasController, ProgramsController, AssignmentsController];
const referenceProviders = [
  AreaMapService, ChangeUnitHandler, ChangeAreaMapHandler, CreateProgramHandler, ChangeProgramHandler, AssignAreaHandler, EndAssignmentHandler,
  ...areaQueryHandlers, ...programQueryHandlers, ...assignmentQueryHandlers,
];

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), InfrastructureModule.register(config), SecurityModule.register(config)],
      controllers: [...controllers, ...referenceControllers],
      providers: [
        ...commandHandlers,
        ...queryHandlers,
        ...reportQueryHandlers,
        ...referenceProviders,
        ...services,
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
