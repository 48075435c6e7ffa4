/**
 * The command table: one line per command. The spec (options, help, run) loads only when the
 * command runs, so `crisis-desk --help` is instant and a command's heavy imports stay its own.
 * To add a command, write bin/commands/<name>.ts exporting a CommandSpec and add its line here.
 */
import type { CommandSpec } from '../command.ts';

export interface CommandEntry {
  summary: string;
  load(): Promise<CommandSpec>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  demo: { summary: 'run the simulated brand crisis (what `npm start` does)', load: async () => (await import('./demo.ts')).demoSpec },
  watch: { summary: 'run crisis-desk for real on this machine: sources on schedule, detection, escalation, pages, weekly report', load: async () => (await import('./watch.ts')).watchSpec },
  drill: { summary: 'fire drill: open a marked test Incident and run the real escalation (locally, or --aws)', load: async () => (await import('./drill.ts')).drillSpec },
  fetch: { summary: 'one fetch cycle against the real sources; new Incidents are paged', load: async () => (await import('./fetch.ts')).fetchSpec },
  sources: { summary: 'sources check: which sources, which credentials are missing, a dry run', load: async () => (await import('./sources.ts')).sourcesSpec },
  config: { summary: 'config check: validate a config file (no network)', load: async () => (await import('./config.ts')).configSpec },
  replay: { summary: 'backtest detection on an export of past Mentions', load: async () => (await import('./replay.ts')).replaySpec },
  roles: { summary: 'who does what: the responsibility map the config implies, and its gaps', load: async () => (await import('./roles.ts')).rolesSpec },
  serve: { summary: 'serve the acknowledge / resolve / snooze pages on 127.0.0.1', load: async () => (await import('./serve.ts')).serveSpec },
  report: { summary: 'rebuild one week\'s report', load: async () => (await import('./report.ts')).reportSpec },
  cost: { summary: 'a monthly AWS estimate for a config at a given volume', load: async () => (await import('./cost.ts')).costSpec },
  'eval:detection': { summary: 'score detection against the surges people labelled in an export', load: async () => (await import('./eval-detection.ts')).evalDetectionSpec },
  'eval-sentiment': { summary: 'score the local analyser against a labelled CSV', load: async () => (await import('./eval-sentiment.ts')).evalSentimentSpec },
};
