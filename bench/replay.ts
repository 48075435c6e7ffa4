/** 4. replay() of the demo fortnight (config/demo.yaml + the demo scenario), in memory. */
import { LexiconAnalyzer } from '../lambdas/adapters/lexicon-analyzer.ts';
import type { Incident } from '../lambdas/core/incident.ts';
import { replay } from '../lib/local/replay.ts';
import { demoScenario } from './inputs.ts';
import { median, timeRuns, type SectionResult } from './measure.ts';

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** Also returns the Incidents of the last run, for the report section. */
export async function benchReplay(): Promise<SectionResult & { incidents: Incident[] }> {
  const { config, mentions } = demoScenario();
  const incidents: number[] = [];
  let last: Incident[] = [];
  // CPU time beside the wall time: on a shared machine a long run loses more of the wall clock
  // to other processes than a short one, which inflates the wall-time ratio.
  const replayCpu: number[] = [];
  // One untimed run first, as the analyser gets below: the first run in a process also loads and
  // compiles the analyser's lexicon and the pipeline's modules, which is start-up, not replay.
  await replay(config, mentions);
  const durations = await timeRuns(async () => {
    const cpu = process.cpuUsage();
    const result = await replay(config, mentions);
    replayCpu.push(cpuMs(process.cpuUsage(cpu)));
    incidents.push(result.incidents.length);
    last = result.incidents;
  }, { runs: 3, budgetMs: 50_000 });
  const seconds = durations.map((ms) => ms / 1000);
  const perSecond = seconds.map((s) => mentions.length / s);
  // The analyser alone on the same texts: what the pipeline's overhead is measured against.
  const analyzer = new LexiconAnalyzer();
  const requests = mentions.map((m) => ({ text: m.text }));
  await analyzer.analyze(requests);
  const analyserCpu: number[] = [];
  const analyserSeconds = (
    await timeRuns(async () => {
      const cpu = process.cpuUsage();
      await analyzer.analyze(requests);
      analyserCpu.push(cpuMs(process.cpuUsage(cpu)));
    }, { runs: 5, minRuns: 3, budgetMs: 10_000 })
  ).map((ms) => ms / 1000);
  const ratio = median(seconds) / median(analyserSeconds);
  const cpuRatio = median(replayCpu) / median(analyserCpu);
  return {
    incidents: last,
    headline: { replayOverAnalyserRatio: ratio },
    notes: [`replay: ${mentions.length} scenario mentions, ${incidents.join('/')} Incident(s) per run; replay's stores are in memory (held to the DynamoDB stores' answers by test/lib/local/in-memory-stores.test.ts)`],
    figures: [
      {
        name: 'replay.over-analyser',
        measured: `replay() time over LexiconAnalyzer's own time on the same ${mentions.length} texts (${median(analyserSeconds).toFixed(3)} s)`,
        value: ratio,
        unit: '×',
        better: 'lower',
      },
      {
        name: 'replay.over-analyser-cpu',
        measured: `the same in CPU time of this process (replay ${Math.round(median(replayCpu))} ms, analyser ${Math.round(median(analyserCpu))} ms)`,
        value: cpuRatio,
        unit: '×',
        better: 'lower',
      },
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
