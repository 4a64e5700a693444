import { Module } from '@nestjs/common';
import { ReviewReportHandler, SubmitReportHandler } from './changing-status/change-status.command';
import { ChangeStatusController } from './changing-status/change-status.controller';
import { CreateReportHandler } from './creating-report/create-report.command';
import { CreateReportController } from './creating-report/create-report.controller';
import { GetReportController } from './getting-report/get-report.controller';
import { GetReportHandler } from './getting-report/get-report.query';
import { ImportFiguresHandler } from './importing-figures/import-figures.command';
import { ImportFiguresController } from './importing-figures/import-figures.controller';
import { ListReportsController } from './listing-reports/list-reports.controller';
import { ListReportsHandler } from './listing-reports/list-reports.query';
import { ParseFiguresController } from './parsing-figures/parse-figures.controller';
import { ParseFiguresHandler } from './parsing-figures/parse-figures.query';
import { ReportHistoryController } from './reading-history/report-history.controller';
import { GetReportHistoryHandler } from './reading-history/report-history.query';
import { SetFiguresHandler } from './setting-figures/set-figures.command';
import { SetFiguresController } from './setting-figures/set-figures.controller';

const controllers = [CreateReportController, SetFiguresController, ImportFiguresController, ParseFiguresController, ChangeStatusController, ListReportsController, ReportHistoryController, GetReportController];
const commandHandlers = [CreateReportHandler, SetFiguresHandler, ImportFiguresHandler, SubmitReportHandler, ReviewReportHandler];
const queryHandlers = [GetReportHandler, ListReportsHandler, ParseFiguresHandler, GetReportHistoryHandler];

@Module({ controllers, providers: [...commandHandlers, ...queryHandlers] })
export class ReportsModule {}
