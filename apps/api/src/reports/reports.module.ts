import { Module } from '@nestjs/common';
import { ChangeStatusHandler } from './changing-status/change-status.command';
import { ChangeStatusController } from './changing-status/change-status.controller';
import { CreateReportHandler } from './creating-report/create-report.command';
import { CreateReportController } from './creating-report/create-report.controller';
import { GetReportController } from './getting-report/get-report.controller';
import { GetReportQuery } from './getting-report/get-report.query';
import { ListReportsController } from './listing-reports/list-reports.controller';
import { ListReportsQuery } from './listing-reports/list-reports.query';
import { ParseFiguresController } from './parsing-figures/parse-figures.controller';
import { ParseFiguresQuery } from './parsing-figures/parse-figures.query';
import { SetFiguresHandler } from './setting-figures/set-figures.command';
import { SetFiguresController } from './setting-figures/set-figures.controller';

const commandHandlers = [CreateReportHandler, SetFiguresHandler, ChangeStatusHandler];
const queries = [GetReportQuery, ListReportsQuery, ParseFiguresQuery];

@Module({
  controllers: [CreateReportController, SetFiguresController, ParseFiguresController, ChangeStatusController, ListReportsController, GetReportController],
  providers: [...commandHandlers, ...queries],
  exports: commandHandlers,
})
export class ReportsModule {}
