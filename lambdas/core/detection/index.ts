/** Incident detection: surges against a robust baseline, lone-post triggers, grouping by problem, reopening, quiet resolution. */
export * from './detector.ts';
export * from './resolution.ts';
export * from './severity.ts';
export * from './surge.ts';
export { robustStats, median, baselineFor, BucketSeries, type Baseline } from './baseline.ts';
