/** 4. replay() of the demo fortnight (config/demo.yaml + the demo scenario) on the embedded stack. */
import type { Incident } from '../lambdas/core/incident.ts';
import { replay } from '../lib/local/replay.ts';
import { demoScenario } from './inputs.ts';
import { median, timeRuns, type SectionResult } from './measure.ts';

/** Also returns the Incidents of the last run, for the report section. */
export async function benchReplay(): Promise<SectionResult & { incidents: Incident[] }> {
  const { config, mentions } = demoScenario();
  const incidents: number[] = [];
  let last: Incident[] = [];
  const durations = await timeRuns(async () => {
    const result = await replay(config, mentions);
    incidents.push(result.incidents.length);
    last = result.incidents;
  }, { runs: 3, budgetMs: 50_000 });
  const seconds = durations.map((ms) => ms / 1000);
  const perSecond = seconds.map((s) => mentions.length / s);
  return {
    incidents: last,
    notes: [`replay: ${mentions.length} scenario mentions, ${incidents.join('/')} Incident(s) per run; each run boots its own embedded DynamoDB (included)`],
    figures: [
      {
        name: 'replay.duration',
        measured: `replay() of the demo fortnight (${mentions.length} mentions, 15-min steps)`,
        value: median(seconds),
        unit: 's',
        better: 'lower',
        samples: seconds,
      },
      {
        name: 'replay.throughput',
        measured: 'replayed mentions per second (same runs)',
        value: median(perSecond),
        unit: 'mentions/s',
        better: 'higher',
        samples: perSecond,
      },
    ],
  };
}
