/**
 * The escalation email: what is happening in one sentence with the numbers, the worst and the
 * most-reached Mentions (escaped, with plain links to the original posts), what the detector
 * saw, a suggested public reply, a checklist, and the Acknowledge / Resolve / Snooze buttons.
 * HTML and plain text carry the same content. Mention text is hostile: it is escaped, stripped
 * of bidi controls, isolated in <bdi>, and never put in the subject.
 */
import { riskCategory } from '../analysis/risks.ts';
import type { Brand } from '../config.ts';
import type { Incident } from '../incident.ts';
import { isNegative, type Mention } from '../mention.ts';
import { authorName as author, negativity, sourceLabel } from '../mention-text.ts';
import { cleanText, headerSafe, html, safeHref, type SafeHtml } from '../html.ts';
import { personName, type Person } from '../people.ts';
import { parseReason, plainReason, riskCategoriesOf } from '../plain-reason.ts';
import { severityChanges, openedSeverity } from '../incident-timeline.ts';
import { themeInText } from '../theme-label.ts';
import { checklistFor } from './checklist.ts';
import { formatCompact, formatCount, formatTime, plural, truncate } from './format.ts';
import { COLORS, FONT, SEVERITY_COLORS, button, emailDocument, heading, incidentPageLink, row } from './layout.ts';
import { suggestedReply } from './suggested-reply.ts';

export interface EscalationEmailInput {
  incident: Incident;
  brand: Brand;
  mentions: Mention[];
  /** The escalation Level being notified (1-based). */
  level: number;
  recipient: { name: string; email: string };
  links: { acknowledge: string; resolve: string; snooze: string };
  /** The recipient's link to the incident page (timeline, every post, the chart). */
  incidentPage?: string;
  /** A reminder for an acknowledged, unresolved Incident. */
  reminder?: boolean;
  sender: string;
  timeZone: string;
  /** The config's Owners, so people are named, not addressed. */
  owners?: readonly Person[];
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** How many Mentions each list shows. */
const WORST = 3;
const MOST_REACHED = 2;
const MAX_MENTION_CHARS = 400;

export function renderEscalationEmail(input: EscalationEmailInput): RenderedEmail {
  const { incident, brand, timeZone } = input;
  const title = `${brand.name}: ${incident.drill ? 'test' : themeInText(incident.theme, brand)} incident`;
  const subject = headerSafe(`${incident.drill ? '[FIRE DRILL] ' : ''}${input.reminder ? 'Reminder: ' : ''}[${incident.severity}] ${title}`);
  const summary = summarySentence(incident, brand.name, timeZone);
  const { worst, reached } = pickMentions(input.mentions);
  const reply = suggestedReply(incident.theme, cleanText(brand.name));
  const context = contextLine(input);
  const firstSeen = formatTime(incident.firstMentionAt, timeZone);
  const why = whyLines(incident, brand.name, timeZone);
  const raised = why.raise;
  const checklist = checklistFor({
    theme: incident.theme,
    risks: [...riskCategoriesOf(incident.reason), ...input.mentions.flatMap((m) => (m.analysis?.risks ?? []).map(riskCategory))].filter(
      (r): r is string => !!r,
    ),
    brandName: cleanText(brand.name),
  });

  const sevColor = SEVERITY_COLORS[incident.severity] ?? COLORS.text;
  const body = html`
<tr><td style="padding:0;border-radius:8px 8px 0 0;background:${sevColor};" bgcolor="${sevColor}">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0"><tr>
<td style="padding:16px 28px;font-family:${FONT};font-size:14px;line-height:20px;color:#ffffff;font-weight:700;letter-spacing:0.5px;">${input.reminder ? 'REMINDER · ' : ''}${incident.severity} INCIDENT · LEVEL ${input.level}</td>
</tr></table>
</td></tr>
<tr><td style="padding:24px 28px 8px 28px;font-family:${FONT};">
<h1 style="margin:0;font-size:22px;line-height:30px;font-weight:700;color:${COLORS.text};word-break:break-word;overflow-wrap:anywhere;">${title}</h1>
</td></tr>
${row(html`<p style="margin:8px 0 0 0;font-size:17px;line-height:26px;">${summary}</p>`)}
${raised ? row(html`<p style="margin:0;padding:10px 14px;background:${COLORS.panel};border-left:4px solid ${sevColor};"><strong>${raised.label}.</strong> ${raised.text}</p>`) : ''}
${row(html`<p style="margin:0;color:${COLORS.muted};">${context}</p>`)}
${row(actionButtons(input.links))}
${input.incidentPage ? row(incidentPageLink(input.incidentPage)) : ''}
${row(html`${heading('What the detector saw')}${why.lines.map((l) => html`<p style="margin:0 0 8px 0;"><strong>${l.label}:</strong> ${l.text}</p>`)}
<p style="margin:8px 0 0 0;color:${COLORS.muted};font-size:13px;line-height:19px;">The numbers: ${why.figures.join(' · ')}</p>
<p style="margin:8px 0 0 0;color:${COLORS.muted};font-size:14px;">First seen ${firstSeen} · Incident ${incident.id}</p>`)}
${worst.length ? row(html`${heading('Worst mentions')}${worst.map((m) => mentionBlock(m, timeZone))}`) : ''}
${reached.length ? row(html`${heading('Most reached')}${reached.map((m) => mentionBlock(m, timeZone))}`) : ''}
${row(html`${heading('Suggested public reply')}
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="table-layout:fixed;"><tr>
<td style="padding:14px 16px;background:${COLORS.panel};border-left:4px solid ${sevColor};font-family:${FONT};font-size:15px;line-height:23px;color:${COLORS.text};word-break:break-word;overflow-wrap:anywhere;">${reply.text}</td>
</tr></table>
<p style="margin:8px 0 0 0;font-size:14px;color:${COLORS.muted};">Edit it to fit the thread; replace ^XX with your initials. ${reply.caution}</p>`)}
${row(html`${heading('Checklist')}<ol style="margin:0;padding:0 0 0 22px;">${checklist.map((c) => html`<li style="margin:0 0 6px 0;">${c}</li>`)}</ol>`)}
${row(actionButtons(input.links), 'padding-bottom:28px;')}
`;
  const footer = html`Sent by crisis-desk from ${input.sender} to ${input.recipient.name} &lt;${input.recipient.email}&gt;. The buttons and the incident page link are personal (the buttons expire in 7 days): please do not forward this email. Opening a link changes nothing until you confirm on the page.`;

  const text = [
    input.reminder ? `REMINDER - ${incident.severity} incident, level ${input.level}` : `${incident.severity} incident, level ${input.level}`,
    cleanText(title),
    '',
    summary,
    ...(raised ? [`${raised.label}. ${raised.text}`] : []),
    context,
    '',
    `Acknowledge: ${input.links.acknowledge}`,
    `Resolve:     ${input.links.resolve}`,
    `Snooze 1 h:  ${input.links.snooze}`,
    ...(input.incidentPage ? ['', `The whole incident (timeline, every post, the chart): ${input.incidentPage}`] : []),
    '',
    'WHAT THE DETECTOR SAW',
    ...why.lines.map((l) => `${l.label}: ${l.text}`),
    `The numbers: ${why.figures.join(' - ')}`,
    `First seen ${firstSeen} - Incident ${incident.id}`,
    ...mentionSection('WORST MENTIONS', worst, timeZone),
    ...mentionSection('MOST REACHED', reached, timeZone),
    '',
    'SUGGESTED PUBLIC REPLY',
    `  ${reply.text}`,
    `Edit it to fit the thread; replace ^XX with your initials. ${reply.caution}`,
    '',
    'CHECKLIST',
    ...checklist.map((c, i) => `${i + 1}. ${c}`),
    '',
    '--',
    `Sent by crisis-desk from ${input.sender} to ${input.recipient.name} <${input.recipient.email}>.`,
    'The links are personal (the buttons expire in 7 days): please do not forward this email.',
    '',
  ].join('\n');

  return {
    subject,
    html: emailDocument({ title: subject, preheader: summary, body, footer }),
    text: cleanText(text.replace(/\r\n?/g, '\n')).replace(/[^\S\n]+\n/g, '\n'),
  };
}

/** The running totals, labelled as such: the figures at opening are in "What the detector saw". */
function summarySentence(incident: Incident, brandName: string, timeZone: string): string {
  return cleanText(
    `So far ${plural(incident.negativeCount, 'negative mention')} of ${brandName} ` +
      `since ${formatTime(incident.firstMentionAt, timeZone)}, out of ${plural(incident.mentionCount, 'mention')} ` +
      `reaching about ${plural(incident.reach, 'person', 'people')}.`,
  );
}

interface WhyLines {
  /** When it opened, then each severity change, in plain words. */
  lines: { label: string; text: string }[];
  /** The detector's own numbers, for whoever wants them. */
  figures: string[];
  /** The latest raise, when the severity is no longer the one it opened at. */
  raise?: { label: string; text: string };
}

function whyLines(incident: Incident, brandName: string, timeZone: string): WhyLines {
  const opened = openedSeverity(incident);
  const lines = [{ label: `Opened ${formatTime(incident.openedAt, timeZone)} as ${opened}`, text: cleanText(plainReason(incident.reason, { brandName })) }];
  const figures = [cleanText(parseReason(incident.reason).figures)];
  let raise: WhyLines['raise'];
  for (const change of severityChanges(incident)) {
    const text = change.reason ? cleanText(plainReason(change.reason, { brandName })) : 'The detector saw more.';
    const label = `Raised${change.from ? ` from ${change.from}` : ''} to ${change.to} ${formatTime(change.at, timeZone)}`;
    lines.push({ label, text });
    if (change.reason) figures.push(cleanText(parseReason(change.reason).figures));
    raise = { label: `Why ${change.to}: raised${change.from ? ` from ${change.from}` : ''} ${formatTime(change.at, timeZone)}`, text };
  }
  return { lines, figures, ...(raise && incident.severity !== opened && { raise }) };
}

function contextLine(input: EscalationEmailInput): string {
  const { incident } = input;
  if (input.reminder) {
    const by = incident.acknowledgedBy ? ` by ${personName(input.owners ?? [], incident.acknowledgedBy)}` : '';
    const at = incident.acknowledgedAt ? ` at ${formatTime(incident.acknowledgedAt, input.timeZone)}` : '';
    return `Acknowledged${by}${at}, not resolved yet. Resolve it when it is fixed, with what you learned.`;
  }
  const escalated = input.level > 1 ? ` Level ${input.level - 1} did not acknowledge in time.` : '';
  return `You are on level ${input.level} of the escalation policy.${escalated} Acknowledge to stop the escalation and own the response.`;
}

function actionButtons(links: EscalationEmailInput['links']): SafeHtml {
  return html`<div>${button('Acknowledge', links.acknowledge, { bg: '#1d2939', fg: '#ffffff' })}${button('Resolve', links.resolve, { bg: '#067647', fg: '#ffffff' })}${button('Snooze 1 h', links.snooze, { bg: '#ffffff', fg: '#1d2939', border: '#98a2b3' })}</div>`;
}

/**
 * The most-reached negative Mentions, then the most negative of the rest (ties: more reach first).
 * Reach is picked first so a post seen by millions is never pushed out by angrier small ones.
 * The brand's own posts are left out.
 */
export function pickMentions(mentions: Mention[]): { worst: Mention[]; reached: Mention[] } {
  const candidates = mentions.filter((m) => !m.author.isBrand);
  const negatives = candidates.filter(isNegative);
  const reached = [...(negatives.length ? negatives : candidates)]
    .sort((a, b) => b.author.reach - a.author.reach)
    .slice(0, MOST_REACHED);
  const worst = candidates
    .filter((m) => !reached.includes(m))
    .sort((a, b) => negativity(b) - negativity(a) || b.author.reach - a.author.reach)
    .slice(0, WORST);
  return { worst, reached };
}

function mentionBlock(m: Mention, timeZone: string): SafeHtml {
  const href = safeHref(m.url);
  const text = truncate(cleanText(m.text), MAX_MENTION_CHARS);
  return html`<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="table-layout:fixed;margin:0 0 12px 0;border:1px solid ${COLORS.border};border-radius:6px;"><tr>
<td style="padding:12px 14px;font-family:${FONT};font-size:15px;line-height:22px;color:${COLORS.text};word-break:break-word;overflow-wrap:anywhere;">
<p style="margin:0 0 6px 0;font-size:13px;line-height:18px;color:${COLORS.muted};"><strong style="color:${COLORS.text};"><bdi>${author(m)}</bdi></strong> · ${formatCompact(m.author.reach)} reach · ${sourceLabel(m.sourceKind)} · ${formatTime(m.createdAt, timeZone)}</p>
<p style="margin:0;white-space:pre-line;" dir="auto"><bdi>${text}</bdi></p>
${href ? html`<p style="margin:6px 0 0 0;font-size:13px;"><a href="${href}" style="color:${COLORS.link};text-decoration:underline;">Open the original post</a> <span style="color:${COLORS.muted};">(${hostOf(href)})</span></p>` : ''}
</td></tr></table>`;
}

function mentionSection(title: string, mentions: Mention[], timeZone: string): string[] {
  if (mentions.length === 0) return [];
  return [
    '',
    title,
    ...mentions.flatMap((m) => [
      `- ${author(m)}, ${formatCount(m.author.reach)} reach, ${sourceLabel(m.sourceKind)}, ${formatTime(m.createdAt, timeZone)}:`,
      `  "${truncate(cleanText(m.text), MAX_MENTION_CHARS).replace(/\n+/g, ' ')}"`,
      ...(safeHref(m.url) ? [`  ${safeHref(m.url)}`] : []),
    ]),
  ];
}

function hostOf(href: string): string {
  return new URL(href).host;
}
