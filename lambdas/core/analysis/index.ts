/** Complaint signals, risk terms, theme and their combination with a sentiment score. */
export * from './complaint-signals.ts';
export * from './risks.ts';
export * from './themes.ts';
export * from './theme-presets.ts';
export * from './phrases.ts';
export * from './risk-rules.ts';
export * from './combine.ts';
export { normalise } from './text.ts';
