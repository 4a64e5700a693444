/** What the API's main thread tells the projector worker (see projector-thread.ts). */
export type ToWorker = { type: 'appended' } | { type: 'stop' };

/** What the projector worker tells the main thread. */
export type FromWorker =
  | { type: 'started' }
  | { type: 'log'; message: string; detail?: string }
  | { type: 'stopped' };
