import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { LiveReadModels, Projector, READ_MODEL_STORE } from '@app/read-models';
import { AppConfig, openEventStore, openReadModelStore } from '@app/shared';
import { countingAppends, Metrics } from './http/metrics';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Runs the projector inside the API process (the embedded default), and closes the stores last. */
@Injectable()
export class StoreLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  private projector: Projector | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: LiveReadModels,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runProjector) return;
    this.projector = new Projector(this.events, this.readModels, {
      idleWaitMs: 1000,
      batchSize: this.config.projectorBatchSize,
      maxAttempts: this.config.projectorMaxAttempts,
      retryDelayMs: this.config.projectorRetryMs,
      log: (message, error) => this.logger.error(message, error instanceof Error ? error.stack : String(error)),
    });
    this.projector.start();
    this.logger.log('projector running in-process');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector?.stop();
    await Promise.allSettled([this.events.close(), this.readModels.close()]);
  }
}

@Global()
@Module({})
export class InfrastructureModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        // Metrics comes from the (global) SecurityModule, which serves it at /metrics.
        { provide: EVENT_STORE, useFactory: async (metrics: Metrics) => countingAppends(await openEventStore(config), metrics), inject: [Metrics] },
        { provide: READ_MODEL_STORE, useFactory: () => openReadModelStore(config) },
        StoreLifecycle,
      ],
      exports: [APP_CONFIG, EVENT_STORE, READ_MODEL_STORE],
    };
  }
}
