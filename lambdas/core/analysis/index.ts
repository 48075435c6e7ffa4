/** Complaint signals, risk terms, theme and their combination with a sentiment score. */
export * from './complaint-signals.ts';
export * from './risks.ts';
export * from './theme.ts';
export * from './combine.ts';
export { normalise } from './text.ts';
