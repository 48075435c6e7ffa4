import { describe, expect, it } from 'vitest';
import { assembleWeeklyReport } from '../../../lambdas/core/report/assemble.ts';
import { escapeHtml, html } from '../../../lambdas/core/html.ts';
import { REPORT_SECTIONS, renderWeeklyReportHtml } from '../../../lambdas/core/report/render-html.ts';
import { renderWeeklyReportText } from '../../../lambdas/core/report/render-text.ts';
import { weekContaining } from '../../../lambdas/core/report/week.ts';
import { crisisBuckets, crisisIncidents, crisisReport, reportConfig, TZ, WEEK } from './report-fixtures.ts';

const build = crisisReport;

const images = {
  'daily-mentions': { src: 'cid:daily-mentions', width: 600, height: 320 },
  'complaint-themes': { src: 'cid:complaint-themes', width: 600, height: 200 },
};

describe('Function: renderWeeklyReportHtml', () => {
  it('escapes every hostile string: resolutions, action items, themes, timeline details', () => {
    const html = renderWeeklyReportHtml(build({ hostile: true }), { images });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<a href="javascript');
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__pwned = 1&quot;&gt;');
    expect(html).toContain('Delivery &lt;img');
  });

  it('says what to change, the alert quality and who does what, in the HTML and the text alike', () => {
    const incidents = crisisIncidents();
    const minor = incidents.find((i) => i.id === 'inc-2026-11-16-billing')!;
    expect(minor.resolution!.alert).toEqual({ verdict: 'false-alarm', why: 'already-known' });
    const report = assembleWeeklyReport({
      week: weekContaining(WEEK, TZ), generatedAt: '2026-11-23T09:00:00.000Z', brands: reportConfig.brands, owners: reportConfig.owners, settings: reportConfig,
      incidents, buckets: crisisBuckets(), lookbackWeeks: 12,
    });
    const page = renderWeeklyReportHtml(report);
    const text = renderWeeklyReportText(report);
    // What to change comes right after the incidents, the appendix last.
    const order = ['This week&#x27;s incidents', 'What to change', 'The week at a glance', 'Alert quality', 'Post-mortems', 'Appendix: who does what'].map((h) => page.indexOf(h));
    expect(order.every((n, k) => n > 0 && (k === 0 || n > order[k - 1]!))).toBe(true);
    for (const r of report.recommendations) {
      expect(page).toContain(escapeHtml(r.change));
      expect(text).toContain(r.change);
    }
    expect(report.recommendations.map((r) => r.kind)).toEqual(expect.arrayContaining(['slow-level', 'reply-share', 'reply-time', 'overdue-owner']));
    expect(text).toMatch(/WHAT TO CHANGE\n=+\n1\. /);
    expect(text).toContain('Of the 3 alerts resolved and judged this week: 2 real, 1 false alarm (33% false alarms; last week 0%).');
    expect(page).toContain('False alarms were already known (1).');
    expect(text).toContain('detection.highReach 100,000');
    expect(page).toContain('SEV1, SEV2 · any theme → major');
    expect(text).toMatch(/level 1: Maya Ortiz, 15 min/);
    // The incident's line and its post-mortem say what the resolver called it.
    expect(text).toContain('False alarm: already known.');
  });

  it('shows the charts that rendered, by the src given, with their alt text', () => {
    const html = renderWeeklyReportHtml(build(), { images });
    expect(html).toContain('<img src="cid:daily-mentions" width="600" alt="Mentions per day, Mon 16 to Sun 22');
    expect(html).toContain('src="cid:complaint-themes"');
    // The response-time chart has no image: it is left out, its numbers are in the table.
    expect(html).not.toContain('response-times');
  });

  it('links the archived copy only when it is an http(s) URL', () => {
    expect(renderWeeklyReportHtml(build(), { archiveUrl: 'https://reports.example/reports/2026-11-16/index.html' })).toContain(
      '<a href="https://reports.example/reports/2026-11-16/index.html"',
    );
    const s3 = renderWeeklyReportHtml(build(), { archiveUrl: 's3://bucket/reports/2026-11-16/index.html' });
    expect(s3).not.toContain('href="s3://');
    expect(s3).toContain('Archived at <span style="font-family:monospace;">s3://bucket/reports/2026-11-16/index.html</span>');
    expect(renderWeeklyReportHtml(build(), { archiveUrl: 'javascript:alert(1)' })).not.toContain('href="javascript');
  });

  it('carries the headline, KPIs, post-mortems, SEV3 lines and overdue items', () => {
    const html = renderWeeklyReportHtml(build());
    expect(html).toContain('<h1 style="');
    expect(html).toContain('16–22 Nov 2026');
    expect(html).toContain('A tough week for Nimbus Phone');
    for (const text of ['This week&#x27;s incidents', 'The week at a glance', 'Time to acknowledge', 'Escalations past level 1', 'Complaints replied to', 'Post-mortems', 'Where we were lucky', 'Overdue action items from earlier weeks', 'Publish prices from one source of truth']) {
      expect(html).toContain(text);
    }
    // The incident list comes first, each SEV1/SEV2 line linking to its post-mortem below.
    expect(html.indexOf('This week&#x27;s incidents')).toBeLessThan(html.indexOf('The week at a glance'));
    expect(html).toContain('href="#pm-inc-2026-11-17-overheating"');
    expect(html).toContain('id="pm-inc-2026-11-17-overheating"');
    expect(html).toContain('Root cause: A double charge on pre-orders');
  });

  it('shows notes written twice once: a second post-mortem with the same notes points to the first', () => {
    const incidents = crisisIncidents();
    const first = incidents.find((i) => i.id === 'inc-2026-11-17-overheating')!;
    const again = { ...first, id: 'inc-2026-11-18-overheating', openedAt: '2026-11-18T09:00:00.000Z', firstMentionAt: '2026-11-18T08:40:00.000Z' };
    const report = assembleWeeklyReport({
      week: weekContaining(WEEK, TZ), generatedAt: '2026-11-23T09:00:00.000Z', brands: reportConfig.brands, owners: reportConfig.owners, settings: reportConfig,
      incidents: [...incidents, again], buckets: crisisBuckets(), lookbackWeeks: 12,
    });
    const page = renderWeeklyReportHtml(report);
    expect(page.match(/debug flag left on in the release build/g)).toHaveLength(1);
    expect(page).toContain('The same root cause, notes and action items as the <a href="#pm-inc-2026-11-17-overheating"');
    const text = renderWeeklyReportText(report);
    expect(text.match(/debug flag left on in the release build/g)).toHaveLength(1);
    expect(text).toContain('The same root cause, notes and action items as inc-2026-11-17-overheating (above).');
  });

  it('puts sections in the order given, so a new section is one more entry', () => {
    const extra = { id: 'extra', render: () => html`<p>EXTRA SECTION</p>` };
    const page = renderWeeklyReportHtml(build(), {}, [...REPORT_SECTIONS.slice(0, 1), extra]);
    expect(page.indexOf('This week&#x27;s incidents')).toBeGreaterThan(0);
    expect(page.indexOf('EXTRA SECTION')).toBeGreaterThan(page.indexOf('This week&#x27;s incidents'));
    expect(page).not.toContain('Post-mortems');
  });

  it('renders a week without data as a short page with no images', () => {
    const html = renderWeeklyReportHtml(build({ empty: true }), { images });
    expect(html).toContain('A quiet week for Nimbus Phone');
    expect(html).toContain('No incidents were open this week');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('Post-mortems');
  });
});

describe('Function: renderWeeklyReportText', () => {
  it('has the same sections in plain text, charts as numbers', () => {
    const text = renderWeeklyReportText(build(), { archiveUrl: 'https://reports.example/x' });
    expect(text).toContain('WEEKLY INCIDENT REPORT · Nimbus Phone');
    expect(text).toMatch(/Time to acknowledge \(MTTA\)\s+42 min\s+50 min\s+▼ −8 min/);
    expect(text).toContain('  Tue 17     1,379  (63% negative)  <- SEV1 opened');
    expect(text).toContain('SEV1 · Nimbus Phone: Overheating [resolved] inc-2026-11-17-overheating');
    expect(text).toContain("THIS WEEK'S INCIDENTS");
    expect(text).toContain('- SEV1 Overheating, opened Tue 17 Nov, 14:32 [resolved]');
    expect(text).toContain('  Acknowledged in 29 min by Sam Okafor; resolved in 1 d 20 h.');
    expect(text).not.toMatch(/Impact: 1 mentions/);
    expect(text).toContain('  [ ] Add a backup on-call to level 1 during launches (owner Maya Ortiz, due 2026-11-21, OVERDUE 2 d)');
    expect(text).toContain('Archived copy: https://reports.example/x');
  });

  it('strips bidi overrides and control characters from typed text', () => {
    const report = build();
    report.postMortems[0]!.rootCause = 'harmless\u202Eevil\u0007';
    const text = renderWeeklyReportText(report);
    expect(text).toContain('harmlessevil ');
    expect(text).not.toMatch(/[\u202E\u0007]/);
  });

  it('says a quiet week is quiet', () => {
    const text = renderWeeklyReportText(build({ empty: true }));
    expect(text).toContain('No incidents were open this week.');
    expect(text).not.toContain('TRENDS');
  });
});
