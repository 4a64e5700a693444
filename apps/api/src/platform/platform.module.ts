import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, FoldedStreams } from '@app/event-store';
import { AppConfig } from '@app/shared';
import { SecurityModule } from './auth/security.module';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { ProblemFilter } from './http/problem';
import { InfrastructureModule } from './infrastructure.module';
import { ReferenceData } from './reference/reference-data';

/** What every feature stands on: the command and query buses, the stores, security, the problem filter and the reference data commands check against. */
@Global()
@Module({})
export class PlatformModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: PlatformModule,
      imports: [CqrsModule.forRoot(), InfrastructureModule.register(config), SecurityModule.register(config)],
      controllers: [HealthController],
      providers: [
        HealthService,
        ReferenceData,
        // Commands' kept folds of the streams they load, checked against the store on every load.
        { provide: FoldedStreams, useFactory: (events: EventStore) => new FoldedStreams(events), inject: [EVENT_STORE] },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
      exports: [ReferenceData, FoldedStreams],
    };
  }
}
