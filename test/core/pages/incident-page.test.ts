/**
 * The incident page's controller on stores that record what they were asked: what each sort and
 * page reads (never more than it shows, through the index), what each refusal shows (nothing),
 * and what the escalation does next.
 */
import { convert } from 'html-to-text';
import { describe, expect, it } from 'vitest';
import { DetectionSchema, EscalationPolicySchema } from '../../../lambdas/core/config.ts';
import type { Incident } from '../../../lambdas/core/incident.ts';
import { buildActionLinks, buildViewLink, createLinkSigner } from '../../../lambdas/core/links.ts';
import type { Mention } from '../../../lambdas/core/mention.ts';
import { nextStep } from '../../../lambdas/core/next-step.ts';
import { handleIncidentPageRequest, MAX_SORTED, showIncident, type IncidentPageDeps } from '../../../lambdas/core/pages/incident-page.ts';
import { aMention, actionConfig, anIncident } from '../../helpers/incident-data.ts';
import { RecordingLogger } from '../../helpers/recording.ts';

const NOW = new Date('2025-03-03T10:20:00.000Z');
const signer = createLinkSigner('page-test-secret-0123456789abcdef');
const config = {
  ...actionConfig,
  escalationPolicies: [
    EscalationPolicySchema.parse({ id: 'major', severities: ['SEV1', 'SEV2'], levels: [{ owners: ['ann'], timeoutMinutes: 15 }, { owners: ['bo'], timeoutMinutes: 30 }], repeat: 1, remindMinutes: 60 }),
    EscalationPolicySchema.parse({ id: 'minor', severities: ['SEV3'], levels: [{ owners: ['ann'], timeoutMinutes: 60, quietHours: { start: '22:00', end: '07:00' } }] }),
  ],
  detection: DetectionSchema.parse({}),
};

function deps(incidents: Incident[], mentions: Mention[], logger = new RecordingLogger()) {
  const reads: { limit: number; oldestFirst: boolean }[] = [];
  const d: IncidentPageDeps = {
    signer,
    incidents: { get: async (id) => incidents.find((i) => i.id === id) },
    mentions: {
      listByIncident: async (_id, limit, o = {}) => {
        reads.push({ limit, oldestFirst: o.oldestFirst === true });
        const sorted = [...mentions].sort((a, b) => (o.oldestFirst ? a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt)));
        return sorted.slice(0, limit);
      },
    },
    counters: { range: async () => [] },
    clock: { now: () => NOW },
    logger,
    config,
  };
  return { d, reads, logger };
}

const posts = (n: number): Mention[] =>
  Array.from({ length: n }, (_, k) => aMention(`p${k}`, `post ${k}`, { createdAt: new Date(Date.parse('2025-03-03T08:00:00Z') + k * 1000).toISOString(), author: { handle: `@u${k}`, reach: (k * 7919) % 1000, isBrand: false } }));
const view = (id: string, recipient = 'ann@acme.test', now = NOW) => new URL(buildViewLink('https://page.example/', signer, id, recipient, now, { actionsUrl: 'https://act.example/' })).searchParams.get('t')!;
const get = (d: IncidentPageDeps, t: string, extra = '') => handleIncidentPageRequest({ method: 'GET', query: new URLSearchParams(`t=${encodeURIComponent(t)}${extra}`) }, d);
const shown = (html: string) => convert(html, { wordwrap: false });
const postNumbers = (html: string) => [...html.matchAll(/>post (\d+)</g)].map((m) => Number(m[1]));

describe('Function: handleIncidentPageRequest', () => {
  const incident = anIncident('inc-1', { mentionCount: 120 });

  it('reads newest or oldest first straight from the index, only as many as the page needs', async () => {
    const { d, reads } = deps([incident], posts(120));
    const page2 = await get(d, view('inc-1'), '&page=2');
    expect(page2.status).toBe(200);
    expect(reads).toEqual([{ limit: 101, oldestFirst: false }]);
    expect(postNumbers(page2.html)).toEqual(Array.from({ length: 50 }, (_, k) => 69 - k));
    const oldest = await get(d, view('inc-1'), '&sort=oldest&page=3');
    expect(reads.at(-1)).toEqual({ limit: 151, oldestFirst: true });
    expect(postNumbers(oldest.html)).toEqual(Array.from({ length: 20 }, (_, k) => 100 + k));
    expect(oldest.html).toContain('Page 3 of 3');
  });

  it('sorts by reach among at most MAX_SORTED posts read through the index, and says so past it', async () => {
    const { d, reads } = deps([anIncident('inc-big', { mentionCount: 5000 })], posts(MAX_SORTED + 10));
    const page = await get(d, view('inc-big'), '&sort=reach');
    expect(reads).toEqual([{ limit: MAX_SORTED, oldestFirst: false }]);
    const reaches = [...page.html.matchAll(/(\d+) reach/g)].map((m) => Number(m[1]));
    expect(reaches).toHaveLength(50);
    expect(reaches).toEqual([...reaches].sort((a, b) => b - a));
    expect(reaches[0]).toBe(Math.max(...posts(MAX_SORTED).map((m) => m.author.reach)));
    expect(shown(page.html)).toContain('Sorted among the newest 2,000 posts of 5,000.');
    expect(page.html).toContain('Page 1 of 40');
  });

  it('sorts by negativity: a risk before a complaint before a plain negative, ties by reach', async () => {
    const base = aMention('0', '').analysis!;
    const mentions = [
      aMention('plain', 'post 1', { analysis: { ...base, complaint: false, scores: { ...base.scores, negative: 0.9 } } }),
      aMention('risk', 'post 2', { analysis: { ...base, complaint: false, risks: ['legal:lawsuit'], scores: { ...base.scores, negative: 0.4 } } }),
      aMention('complaint-small', 'post 3', { author: { handle: '@s', reach: 10, isBrand: false } }),
      aMention('complaint-big', 'post 4', { author: { handle: '@b', reach: 9000, isBrand: false } }),
    ];
    const { d, reads } = deps([anIncident('inc-1', { mentionCount: 4 })], mentions);
    const page = await get(d, view('inc-1'), '&sort=negative');
    expect(reads).toEqual([{ limit: MAX_SORTED, oldestFirst: false }]);
    expect(postNumbers(page.html)).toEqual([2, 4, 3, 1]);
    expect(shown(page.html)).not.toContain('Sorted among');
  });

  it('pages what the index holds when the count says more, and says how many are stored', async () => {
    const { d, reads } = deps([anIncident('inc-1', { mentionCount: 47 })], posts(39));
    for (const sort of ['newest', 'reach']) {
      const page = await get(d, view('inc-1'), `&sort=${sort}&page=2`);
      expect(postNumbers(page.html)).toHaveLength(39);
      expect(page.html).not.toContain('class="pager"');
      expect(shown(page.html)).toContain('39 posts of the 47 counted are stored with this incident');
    }
    expect(reads).toEqual([{ limit: 51, oldestFirst: false }, { limit: MAX_SORTED, oldestFirst: false }]);
    // The count is right: no note, and the pager ends where the posts do.
    const { d: exact } = deps([anIncident('inc-1', { mentionCount: 100 })], posts(100));
    const last = await get(exact, view('inc-1'), '&page=2');
    expect(last.html).toContain('Page 2 of 2');
    expect(last.html).not.toContain('rel="next"');
    expect(shown(last.html)).not.toContain('stored with this incident');
  });

  it('newest or oldest first, says the pages stop at MAX_SORTED posts of a bigger incident, and where the others are', async () => {
    const { d } = deps([anIncident('inc-big', { mentionCount: 5000 })], posts(MAX_SORTED + 10));
    const newest = await get(d, view('inc-big'), '&page=40');
    expect(newest.html).toContain('Page 40 of 40');
    expect(postNumbers(newest.html)).toEqual(Array.from({ length: 50 }, (_, k) => MAX_SORTED + 10 - 1 - 39 * 50 - k));
    expect(shown(newest.html)).toContain('The pages go to the latest 2,000 posts of 5,000: sort by Oldest for the first ones.');
    const oldest = await get(d, view('inc-big'), '&sort=oldest');
    expect(shown(oldest.html)).toContain('The pages go to the first 2,000 posts of 5,000: sort by Newest for the latest ones.');
    const { d: small } = deps([anIncident('inc-1', { mentionCount: 120 })], posts(120));
    expect(shown((await get(small, view('inc-1'))).html)).not.toContain('The pages go to');
  });

  it('takes an unknown sort as newest and a page past the end as the last page', async () => {
    const { d, reads } = deps([incident], posts(120));
    const page = await get(d, view('inc-1'), '&sort=%3Cscript%3E&page=99');
    expect(reads).toEqual([{ limit: 151, oldestFirst: false }]);
    expect(page.html).toContain('Page 3 of 3');
    expect(page.html).not.toContain('<script>');
  });

  it('gives the recipient buttons to the action endpoint named in the link, for them', async () => {
    const { d } = deps([incident], posts(3));
    const page = await get(d, view('inc-1'), '');
    const hrefs = [...page.html.matchAll(/<a class="button[^"]*" href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(hrefs).toHaveLength(3);
    for (const href of hrefs) {
      expect(new URL(href).origin).toBe('https://act.example');
      expect(signer.verify(new URL(href).searchParams.get('t')!, NOW)).toMatchObject({ incidentId: 'inc-1', recipient: 'ann@acme.test' });
    }
    expect(shown(page.html)).toContain('This page was sent to Ann Lee');
  });

  it.each([
    ['an expired link', () => view('inc-1', 'ann@acme.test', new Date(NOW.getTime() - 31 * 86_400_000)), 410, 'This incident page link has expired'],
    ['a forged link', () => `${view('inc-1').slice(0, -4)}AAAA`, 403, 'This link is not valid'],
    ['an action link', () => new URL(buildActionLinks('https://act.example/', signer, 'inc-1', 'ann@acme.test', NOW).resolve).searchParams.get('t')!, 400, 'This link is incomplete'],
    ['a recipient never paged', () => view('inc-1', 'eve@evil.test'), 403, 'This link was not sent to you'],
    ['an unknown incident', () => view('inc-gone'), 404, 'Incident not found'],
  ])('refuses %s and shows nothing of the incident', async (_what, token, status, heading) => {
    const { d, reads } = deps([incident], posts(3));
    const page = await get(d, token());
    expect(page.status).toBe(status);
    expect(shown(page.html)).toContain(heading.toUpperCase());
    expect(page.html).not.toMatch(/outage|post 1|46 negative/);
    expect(reads).toEqual([]);
  });

  it('answers GET and HEAD only', async () => {
    const { d } = deps([incident], []);
    const page = await handleIncidentPageRequest({ method: 'POST', query: new URLSearchParams(`t=${view('inc-1')}`) }, d);
    expect(page.status).toBe(405);
    expect(page.headers).toEqual({ allow: 'GET' });
  });

  it('logs a failing store and shows a plain 500, nothing of the incident', async () => {
    const { d, logger } = deps([incident], []);
    d.counters = { range: async () => Promise.reject(new Error('ProvisionedThroughputExceeded')) };
    const page = await get(d, view('inc-1'));
    expect(page.status).toBe(500);
    expect(page.html).not.toContain('outage');
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'incident page failed', attributes: expect.objectContaining({ incidentId: 'inc-1' }) }));
  });

  it('tells a raised, resolved and reopened incident as one story: its severity moves, the timeline, and nobody owning it since the reopening', async () => {
    const t = (m: number) => new Date(Date.parse('2025-03-03T08:00:00Z') + m * 60_000).toISOString();
    const reopened = anIncident('inc-1', {
      severity: 'SEV2',
      openedSeverity: 'SEV2',
      firstMentionAt: t(-10),
      openedAt: t(0),
      level: 1,
      acknowledgedBy: 'bo@acme.test',
      acknowledgedAt: t(20),
      reopenCount: 1,
      reopenedAt: t(120),
      timeline: [
        { at: t(0), type: 'opened', actor: 'crisis-desk', severity: 'SEV2' },
        { at: t(0), type: 'notified', actor: 'ann@acme.test', level: 1, detail: 'level 1 at SEV2' },
        { at: t(10), type: 'raised', actor: 'crisis-desk', from: 'SEV2', severity: 'SEV1', detail: '46 negative mentions in 1 h, baseline 7 ± 3 (6.5σ)' },
        { at: t(15), type: 'raised', actor: 'crisis-desk', from: 'SEV1', severity: 'SEV1', detail: 'a new surge' },
        { at: t(20), type: 'acknowledged', actor: 'bo@acme.test', detail: 'on it' },
        { at: t(60), type: 'resolved', actor: 'bo@acme.test' },
        { at: t(120), type: 'reopened', actor: 'crisis-desk', severity: 'SEV2', detail: '20 negative mentions in 1 h, baseline 7 ± 3 (4.3σ)' },
        { at: t(120), type: 'notified', actor: 'ann@acme.test', level: 1, detail: 'level 1 at SEV2' },
      ],
    });
    const { d } = deps([reopened], posts(1));
    const text = shown((await get(d, view('inc-1'))).html);
    const severity = text.slice(text.indexOf('Severity'), text.indexOf('Owner'));
    expect(severity).toMatch(/Opened Mon, 3 Mar 2025, 08:00 GMT as SEV2\s+2\. Raised from SEV2 to SEV1 Mon, 3 Mar 2025, 08:10 GMT: .+\s+3\. Reopened at SEV2 Mon, 3 Mar 2025, 10:00 GMT: /s);
    expect(severity).not.toContain('from SEV1 to SEV1');
    expect(text).toContain('Open, reopened Mon, 3 Mar 2025, 10:00 GMT');
    expect(text).toContain('Nobody since it reopened: the escalation goes on until someone acknowledges. Before, Bo Chen owned it.');
    const timeline = text.slice(text.indexOf('TIMELINE'));
    for (const line of ['Raised from SEV2 to SEV1', 'Acknowledged by Bo Chen', 'Reopened at SEV2: it flared up again after the resolution']) expect(timeline).toContain(line);
    // Acknowledged again in its new life: that person owns it, from then.
    reopened.status = 'acknowledged';
    reopened.timeline.push({ at: t(130), type: 'acknowledged', actor: 'ann@acme.test' });
    expect(shown((await get(d, view('inc-1'))).html)).toContain('Ann Lee, since Mon, 3 Mar 2025, 10:10 GMT (10 min after it reopened)');
  });

  it('without a viewer (the local list), shows the page read-only', async () => {
    const { d } = deps([incident], posts(2));
    const page = await showIncident(d, incident, { query: new URLSearchParams(), self: { id: 'inc-1' } });
    expect(page.html).not.toContain('class="button');
    expect(page.html).toContain('href="?id=inc-1&amp;sort=reach&amp;page=1"');
  });
});

describe('Function: nextStep', () => {
  const at = (m: number) => new Date(Date.parse('2025-03-03T10:00:00Z') + m * 60_000).toISOString();
  const paged = (level: number, m: number) => ({ at: at(m), type: 'notified' as const, actor: level === 1 ? 'ann@acme.test' : 'bo@acme.test', level, detail: `level ${level} at SEV1` });

  it.each<[string, Partial<Incident>, Date, RegExp]>([
    ['waiting on level 1', { level: 1, timeline: [paged(1, 0)] }, NOW, /^Waiting for level 1 \(Ann Lee\) to acknowledge: if nobody does by Mon, 3 Mar 2025, 10:15 GMT, level 2 \(Bo Chen\) is paged\.$/],
    ['waiting on the last level', { level: 2, timeline: [paged(1, 0), paged(2, 15)] }, NOW, /by Mon, 3 Mar 2025, 10:45 GMT, the ladder starts again at level 1, then everyone in the policy is paged\.$/],
    ['acknowledged', { status: 'acknowledged', acknowledgedBy: 'bo@acme.test', acknowledgedAt: at(18), level: 2 }, NOW, /^Owned by Bo Chen\. Reminders every 60 min until it is resolved; the next around Mon, 3 Mar 2025, 11:18 GMT\.$/],
    ['snoozed', { level: 1, snoozedUntil: at(80), timeline: [paged(1, 0)] }, NOW, /^Snoozed until Mon, 3 Mar 2025, 11:20 GMT; then level 1 is paged again\.$/],
    ['a SEV3 in quiet hours', { severity: 'SEV3', level: 0 }, new Date('2025-03-03T23:10:00Z'), /^Level 1 \(Ann Lee\) is paged when its quiet hours end, Tue, 4 Mar 2025, 07:00 GMT\.$/],
    ['a failed flow', { flowFailedAt: at(5) }, NOW, /^The escalation flow failed Mon, 3 Mar 2025, 10:05 GMT: nobody is being paged/],
    ['resolved', { status: 'resolved' }, NOW, /^Nothing: it is resolved\.$/],
  ])('says what comes next: %s', (_what, over, now, expected) => {
    expect(nextStep(anIncident('inc-n', over), config, now)).toMatch(expected);
  });
});
