export * from './errors';
export * from './kernel/decimal';
export * from './kernel/period';
export * from './units/unit';
export * from './indicators/indicator';
export * from './reports/report.events';
export * from './reports/report.decider';
export * from './reports/report-book';
