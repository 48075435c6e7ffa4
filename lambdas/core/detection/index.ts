/** Incident detection: spikes against a robust baseline, single-Mention triggers, grouping, quiet resolution. */
export * from './detector.ts';
export * from './resolution.ts';
export * from './severity.ts';
export { robustStats, median, baselineFor, BucketSeries, type Baseline } from './baseline.ts';
