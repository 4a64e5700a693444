import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { AS_OF_DEFAULTS, AsOfReadModels, ForeignReadModelsError, LiveReadModels, Projector, projectorOptions, READ_MODEL_STORE } from '@app/read-models';
import { AppConfig, openEventStore, openReadModelStore } from '@app/shared';
import { countingAppends, Metrics } from './http/metrics';
import { ProjectorThread, ProjectorThreadState } from './projection/projector-thread';

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Runs the projector inside the API process (the embedded default), on a worker thread unless
 * PROJECTOR_THREAD=main, and closes the stores last.
 */
@Injectable()
export class StoreLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  private projector: Projector | null = null;
  private thread: ProjectorThread | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: LiveReadModels,
    private readonly asOf: AsOfReadModels,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refuseForeignReadModels();
    if (!this.config.runProjector) return;
    if (this.config.projectorThread === 'worker') {
      this.thread = new ProjectorThread(this.config, this.events, {
        log: (message) => this.logger.log(message),
        error: (message, detail) => this.logger.error(message, detail),
      });
      // The API answers once its projector runs, as it did when the projector started on this thread.
      await this.thread.start();
      this.logger.log('projector running on a worker thread');
      return;
    }
    this.projector = new Projector(this.events, this.readModels, projectorOptions(this.config, (message, error) => this.logger.error(message, error instanceof Error ? error.stack : String(error))));
    this.projector.start();
    this.logger.log('projector running on the main thread');
  }

  /**
   * Read models built from another event log are refused before the first request is answered
   * (reads 503), not only at the first readiness refresh. An event store known to be down is not
   * waited for: the readiness refresh checks again once it answers.
   */
  private async refuseForeignReadModels(): Promise<void> {
    if (this.events.availability?.().available === false) return;
    try {
      await this.readModels.checkOrigin(this.events);
    } catch (error) {
      if (error instanceof ForeignReadModelsError) this.logger.error(error.message);
      else this.logger.warn(`the read models' origin could not be checked at start (${String(error)}); the readiness refresh checks it again`);
    }
  }

  /** The projector worker's state; null when it runs on the main thread or in apps/projector. */
  projectorThread(): ProjectorThreadState | null {
    return this.thread?.state() ?? null;
  }

  /** The worker itself (tests end it to see that it is noticed and replaced). */
  get projectorWorker(): ProjectorThread | null {
    return this.thread;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.projector?.stop(), this.thread?.stop()]);
    await Promise.allSettled([this.events.close(), this.readModels.close(), this.asOf.close()]);
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
        { provide: EVENT_STORE, useFactory: async (metrics: Metrics) => countingAppends(await openEventStore(config, { writer: config.eventWriterThread }), metrics), inject: [Metrics] },
        { provide: READ_MODEL_STORE, useFactory: () => openReadModelStore(config) },
        { provide: AsOfReadModels, useFactory: (events: EventStore) => new AsOfReadModels(events, { ...AS_OF_DEFAULTS, entries: config.asOfStates }), inject: [EVENT_STORE] },
        StoreLifecycle,
      ],
      exports: [APP_CONFIG, EVENT_STORE, READ_MODEL_STORE, AsOfReadModels, StoreLifecycle],
    };
  }
}
