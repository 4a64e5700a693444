export * from './event-store.port';
export * from './subscribe-to-all';
export * from './sqlite-event-store.adapter';
export * from './esdb-event-store.adapter';
export * from './aggregate-stream';
export * from './event-chain';
export * from './folded-streams';
