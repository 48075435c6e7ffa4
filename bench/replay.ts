/** 4. replay() of the demo fortnight (config/demo.yaml + the demo scenario), in memory. */
import { LexiconAnalyzer } from '../lambdas/adapters/lexicon-analyzer.ts';
import type { Incident } from '../lambdas/core/incident.ts';
import { replay } from '../lib/local/replay.ts';
import { demoScenario } from './inputs.ts';
import { median, type SectionResult } from './measure.ts';

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** Also returns the Incidents of the last run, for the report section. */
export async function benchReplay(): Promise<SectionResult & { incidents: Incident[] }> {
  const { config, mentions } = demoScenario();
  const incidents: number[] = [];
  let last: Incident[] = [];
  // CPU time beside the wall time: on a shared machine a long run loses more of the wall clock
  // to other processes than a short one, which inflates the wall-time ratio.
  const replayCpu: number[] = [];
  const analyserCpu: number[] = [];
  const seconds: number[] = [];
  const analyserSeconds: number[] = [];
  const ratios: number[] = [];
  // The analyser alone on the same texts: what the pipeline's overhead is measured against.
  const analyzer = new LexiconAnalyzer();
  const requests = mentions.map((m) => ({ text: m.text }));
  // One untimed run of each first: the first run in a process also loads and compiles the
  // lexicon and the pipeline's modules, which is start-up, not replay.
  await analyzer.analyze(requests);
  await replay(config, mentions);
  // Each replay is paired with an analyser run right after it, and the ratio is the median of the
  // pairs': a shared machine's speed drifts over seconds, and a pair sees the same speed.
  const began = performance.now();
  for (let i = 0; i < 5 && (i < 3 || performance.now() - began < 50_000); i++) {
    let cpu = process.cpuUsage();
    let t0 = performance.now();
    const result = await replay(config, mentions);
    seconds.push((performance.now() - t0) / 1000);
    replayCpu.push(cpuMs(process.cpuUsage(cpu)));
    incidents.push(result.incidents.length);
    last = result.incidents;
    cpu = process.cpuUsage();
    t0 = performance.now();
    await analyzer.analyze(requests);
    analyserSeconds.push((performance.now() - t0) / 1000);
    analyserCpu.push(cpuMs(process.cpuUsage(cpu)));
    ratios.push(seconds.at(-1)! / analyserSeconds.at(-1)!);
  }
  const perSecond = seconds.map((s) => mentions.length / s);
  const ratio = median(ratios);
  const cpuRatio = median(replayCpu.map((r, i) => r / analyserCpu[i]!));
  return {
    incidents: last,
    headline: { replayOverAnalyserRatio: ratio },
    notes: [`replay: ${mentions.length} scenario mentions, ${incidents.join('/')} Incident(s) per run; replay's stores are in memory (held to the DynamoDB stores' answers by test/lib/local/in-memory-stores.test.ts)`],
    figures: [
      {
        name: 'replay.over-analyser',
        measured: `replay() time over LexiconAnalyzer's own time on the same ${mentions.length} texts (${median(analyserSeconds).toFixed(3)} s), the median of ${ratios.length} runs paired`,
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
