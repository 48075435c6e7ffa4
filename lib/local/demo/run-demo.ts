/**
 * `npm start`: a brand's fortnight in under a minute. An ordinary week builds the baseline, then
 * the Nimbus 9 launch goes wrong. Detection works from the counters (nothing is scripted), the
 * escalation flow from the synthesized template pages Level 1, who sleeps through it, then
 * Level 2, who acknowledges and later resolves with a root cause through the real pages. The
 * weekly report closes the demo.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConsoleLogger } from '../../../lambdas/adapters/console-logger.ts';
import type { Incident } from '../../../lambdas/core/incident.ts';
import { createLinkSigner } from '../../../lambdas/core/links.ts';
import type { Email, Mailer } from '../../../lambdas/core/ports.ts';
import { loadConfigFile } from '../../config-file.ts';
import { LOCAL_ACTIONS_URL, localLinkSecret, startLocalRuntime, type LocalRuntime } from '../runtime.ts';
import { serveActions } from '../serve.ts';
import { SimClock } from '../sim-clock.ts';
import { demoResolution } from './resolutions.ts';
import { generateScenario } from './scenario.ts';
import { ScenarioSource } from './scenario-source.ts';
import { SimulatedOwners } from './simulated-owners.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface DemoOptions {
  /** The working folder; outbox/ and reports/ are emptied first. @default .crisis-desk */
  dir?: string;
  configPath?: string;
  /** Real milliseconds one simulated minute lasts while the crisis plays out live. @default 20 */
  realMsPerMinute?: number;
  out?: (line: string) => void;
}

export interface DemoSummary {
  mentions: number;
  incidents: Incident[];
  emails: string[];
  report?: { html: string; json?: string };
  seconds: number;
}

const fmt = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

export async function runDemo(options: DemoOptions = {}): Promise<DemoSummary> {
  const began = performance.now();
  const out = options.out ?? ((line: string) => console.log(line));
  const dir = options.dir ?? '.crisis-desk';
  await Promise.all(['outbox', 'reports', 'db'].map((sub) => rm(join(dir, sub), { recursive: true, force: true })));
  const config = loadConfigFile(options.configPath ?? 'config/demo.yaml');
  const brand = config.brands[0]!;

  const start = new Date('2026-11-09T00:00:00Z');
  const launch = new Date('2026-11-18T10:00:00Z');
  const end = new Date('2026-11-23T00:00:00Z');
  const realMsPerMinute = options.realMsPerMinute ?? 20;
  const clock = new SimClock(start, MINUTE / realMsPerMinute);

  const mentions = generateScenario({
    start, launchAt: launch, end,
    brandName: brand.name, launchName: 'Nimbus 9', brandHandle: brand.handles[0] ?? '@nimbusphone', supportHandle: brand.handles[1] ?? '@nimbushelp', tag: 'nimbus9',
    sources: [
      { id: 'nimbus-x', kind: 'x', share: 0.6, postUrl: (id, h) => `https://x.com/${h}/status/${id}` },
      { id: 'nimbus-reddit', kind: 'reddit', share: 0.25, postUrl: (id) => `https://www.reddit.com/r/phones/comments/${id}/` },
      { id: 'nimbus-mastodon', kind: 'mastodon', share: 0.15, postUrl: (id, h) => `https://mastodon.social/@${h}/${id}` },
    ],
  });
  out(`crisis-desk demo: ${brand.name}, ${fmt(start)} → ${fmt(end)} UTC, ${mentions.length} mentions on ${config.sources.length} sources`);

  // The links in the outbox point where `crisis-desk serve` listens, signed with its key, and the
  // tables stay in <dir>/db: after the demo, `serve` answers the links in its emails.
  const signer = createLinkSigner(localLinkSecret());
  let runtime: LocalRuntime | undefined;
  const server = await serveActions({ port: 0, handler: (event) => runtime!.incidentAction(event) });
  const owner = (id: string) => config.owners.find((o) => o.id === id)!.email;
  let owners: SimulatedOwners | undefined;
  const announce: Mailer = {
    send: async (email: Email) => out(`  ${fmt(clock.now())}  ✉  ${email.to.join(', ')}: ${email.subject}`),
  };
  try {
    runtime = await startLocalRuntime({
      config,
      dir,
      clock,
      flowTimeScale: realMsPerMinute / MINUTE,
      logger: new ConsoleLogger({ quiet: true }),
      persist: true,
      mirrorCounters: true,
      eagerFlows: true,
      actionsBaseUrl: LOCAL_ACTIONS_URL,
      sources: async (source) => new ScenarioSource(source.id, mentions, clock),
      mailer: (outbox) =>
        (owners = new SimulatedOwners({
          inner: { send: async (e) => { await outbox.send(e); await announce.send(e); } },
          signer,
          // They click through this run's own server, wherever it listens.
          serverUrl: server.url,
          // Level 1 sleeps through every page; Level 2 acknowledges in minutes and resolves hours later.
          behaviours: {
            [owner('maya')]: {},
            [owner('sam')]: { acknowledgeAfter: 6, resolveAfter: 150 },
            [owner('lee')]: { acknowledgeAfter: 3, resolveAfter: 120 },
          },
          resolutionFor: (theme) => demoResolution(theme, clock.now()),
          themeOf: async (id) => (await runtime!.stores.incidents.get(id))?.theme,
          realMsPerMinute,
          now: () => clock.now(),
          onAction: (line) => out(`  ${fmt(clock.now())}  ✔  ${line}`),
        })),
    });
    const rt = runtime;
    let total = 0;
    const opened: Incident[] = [];
    const tick = async () => {
      for (const source of config.sources) {
        const summary = await rt.fetch(source.id);
        total += summary.stored;
        for (const i of summary.opened) {
          opened.push(i);
          out(`  ${fmt(clock.now())}  ⚠  ${i.severity} ${i.theme} incident opened: ${i.reason}`);
        }
      }
    };
    const openIncidents = async () =>
      (await rt.stores.incidents.listOpenedBetween(brand.id, start.toISOString(), end.toISOString())).filter((i) => i.status !== 'resolved');

    // The ordinary week and the days before the launch: simulated time jumps in 3-hour steps.
    clock.freeze();
    let lastDay = '';
    for (let t = start.getTime() + 3 * HOUR; t <= launch.getTime() - HOUR; t += 3 * HOUR) {
      clock.jumpTo(new Date(t));
      await tick();
      const day = new Date(t).toISOString().slice(0, 10);
      if (day !== lastDay && new Date(t).getUTCHours() === 21) out(`  ${day}  ${total} mentions so far, nothing unusual`);
      lastDay = day;
    }
    // The launch, live: 15-minute fetches while the flow's waits run at the same compressed pace.
    out(`  ${fmt(clock.now())}  ▶  launch day: running live, 1 simulated minute = ${realMsPerMinute} ms`);
    clock.run();
    for (let t = launch.getTime() - 45 * MINUTE; t <= launch.getTime() + 30 * HOUR; t += 15 * MINUTE) {
      const wait = (t - clock.now().getTime()) / clock.scale;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t0 = performance.now();
      await tick();
      if (process.env.DEMO_DEBUG) out(`    tick ${fmt(new Date(t))} clock ${fmt(clock.now())} took ${(performance.now() - t0).toFixed(0)} ms`);
      if (t > launch.getTime() + 6 * HOUR && opened.length && !(await openIncidents()).length) break;
    }
    await owners?.settle();
    out(`  ${fmt(clock.now())}  ▶  crisis handled; fast-forwarding through the rest of the week`);
    clock.freeze();
    for (let t = clock.now().getTime() + 3 * HOUR; t <= end.getTime(); t += 3 * HOUR) {
      clock.jumpTo(new Date(t));
      await tick();
    }
    owners?.stop();

    clock.jumpTo(new Date('2026-11-23T09:00:00Z'));
    const report = await rt.weeklyReport('2026-11-16');
    const incidents = await rt.stores.incidents.listOpenedBetween(brand.id, start.toISOString(), end.toISOString());
    const emails = rt.outbox.sent.map((f) => f.eml);
    return { mentions: total, incidents, emails, report, seconds: (performance.now() - began) / 1000 };
  } finally {
    owners?.stop();
    await runtime?.stop();
    await server.close();
  }
}
