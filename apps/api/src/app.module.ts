import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/shared';
import { AreasModule } from './areas/areas.module';
import { AssignmentsModule } from './assignments/assignments.module';
import { DemoData } from './demo/demo-data';
import { IndicatorsModule } from './indicators/indicators.module';
import { LedgerModule } from './ledger/ledger.module';
import { PlatformModule } from './platform/platform.module';
import { ProgramsModule } from './programs/programs.module';
import { ReportsModule } from './reports/reports.module';
import { UnitsModule } from './units/units.module';

/** The features, each a folder of use-case slices, on the platform. */
const features = [UnitsModule, IndicatorsModule, ReportsModule, LedgerModule, AreasModule, ProgramsModule, AssignmentsModule];

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.register(config), ...features],
      providers: [DemoData],
    };
  }
}
