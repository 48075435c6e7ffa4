/**
 * The notice sent to everyone paged for an Incident when someone acknowledges, snoozes or
 * resolves it, so nobody keeps working a problem somebody else already owns. Notes and the
 * resolution are typed by people: they are escaped like Mention text.
 */
import { verdictText } from '../alert-verdict.ts';
import type { Incident, Resolution } from '../incident.ts';
import { cleanText, headerSafe, html } from '../html.ts';
import { plainReason } from '../plain-reason.ts';
import { themeInText, type ThemeLabelSource } from '../theme-label.ts';
import { formatTime } from './format.ts';
import { COLORS, FONT, SEVERITY_COLORS, emailDocument, heading, incidentPageLink, row } from './layout.ts';
import type { RenderedEmail } from './escalation-email.ts';
import { resolverNotes } from '../resolver-notes.ts';

export type NoticeAction = 'acknowledged' | 'snoozed' | 'resolved';

export interface IncidentNoticeInput {
  incident: Incident;
  brandName: string;
  /** The brand's own theme labels, if it has any. */
  labels?: ThemeLabelSource;
  action: NoticeAction;
  /** Who did it, by name: "Ann Lee". */
  by: string;
  at: string;
  note?: string;
  /** Snoozed until (ISO). */
  until?: string;
  resolution?: Resolution;
  sender: string;
  timeZone: string;
  /** The recipient's link to the incident page. */
  incidentPage?: string;
}

export function renderIncidentNoticeEmail(input: IncidentNoticeInput): RenderedEmail {
  const { incident, timeZone } = input;
  const what = `${input.brandName}: ${themeInText(incident.theme, input.labels)} incident`;
  const why = cleanText(plainReason(incident.reason, { brandName: input.brandName }));
  const subject = headerSafe(`${incident.drill ? '[FIRE DRILL] ' : ''}[${incident.severity}] ${what} ${input.action} by ${input.by}`);
  const when = formatTime(input.at, timeZone);
  const headline = cleanText(
    input.action === 'snoozed' && input.until
      ? `${input.by} snoozed the ${what} until ${formatTime(input.until, timeZone)}.`
      : `${input.by} ${input.action} the ${what} at ${when}.`,
  );
  const next = {
    acknowledged: 'The escalation has stopped: they own the response now. Reminders continue until it is resolved.',
    snoozed: 'Nobody is paged until the snooze ends; then the escalation continues where it was.',
    resolved: 'The incident is closed. Its post-mortem goes into the weekly report.',
  }[input.action];
  const r = input.resolution;
  const shownFacts: [string, string][] = r ? [...(r.alert ? [['Was the alert real', verdictText(r.alert)] as [string, string]] : []), ...resolverNotes(r)] : [];
  const items = r?.actionItems ?? [];

  const sevColor = SEVERITY_COLORS[incident.severity] ?? COLORS.text;
  const body = html`
<tr><td style="padding:0;border-radius:8px 8px 0 0;background:${sevColor};" bgcolor="${sevColor}">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0"><tr>
<td style="padding:16px 28px;font-family:${FONT};font-size:14px;line-height:20px;color:#ffffff;font-weight:700;letter-spacing:0.5px;">${incident.severity} INCIDENT · ${input.action.toUpperCase()}</td>
</tr></table>
</td></tr>
<tr><td style="padding:24px 28px 8px 28px;font-family:${FONT};">
<h1 style="margin:0;font-size:22px;line-height:30px;font-weight:700;color:${COLORS.text};word-break:break-word;overflow-wrap:anywhere;">${what}</h1>
</td></tr>
${row(html`<p style="margin:8px 0 0 0;font-size:17px;line-height:26px;"><bdi>${headline}</bdi></p><p style="margin:8px 0 0 0;color:${COLORS.muted};">${next}</p>`)}
${input.incidentPage ? row(incidentPageLink(input.incidentPage)) : ''}
${input.note ? row(html`${heading('Note')}<p style="margin:0;white-space:pre-line;" dir="auto"><bdi>${input.note}</bdi></p>`) : ''}
${shownFacts.length ? row(html`${heading('Resolution')}${shownFacts.map(([k, v]) => html`<p style="margin:0 0 8px 0;"><strong>${k}:</strong> <bdi style="white-space:pre-line;">${v}</bdi></p>`)}`) : ''}
${items.length ? row(html`${heading('Action items')}<ul style="margin:0;padding:0 0 0 22px;">${items.map((a) => html`<li style="margin:0 0 6px 0;"><bdi>${a.text}</bdi> · <bdi>${a.owner}</bdi>${a.due ? html` · due ${a.due}` : ''}</li>`)}</ul>`) : ''}
${row(html`<p style="margin:0;font-size:14px;color:${COLORS.muted};">Why it opened: ${why} · First seen ${formatTime(incident.firstMentionAt, timeZone)} · Incident ${incident.id}</p>`, 'padding-bottom:28px;')}
`;
  const footer = html`Sent by crisis-desk from ${input.sender} to everyone paged for this incident.${input.incidentPage ? ' The incident page link is personal: please do not forward this email.' : ''}`;

  const text = [
    `${incident.severity} incident ${input.action}`,
    what,
    '',
    headline,
    next,
    ...(input.incidentPage ? ['', `The whole incident: ${input.incidentPage}`] : []),
    ...(input.note ? ['', 'NOTE', input.note] : []),
    ...(shownFacts.length ? ['', 'RESOLUTION', ...shownFacts.map(([k, v]) => `${k}: ${v}`)] : []),
    ...(items.length ? ['', 'ACTION ITEMS', ...items.map((a) => `- ${a.text} (${a.owner}${a.due ? `, due ${a.due}` : ''})`)] : []),
    '',
    `Why it opened: ${why} - First seen ${formatTime(incident.firstMentionAt, timeZone)} - Incident ${incident.id}`,
    '',
    '--',
    `Sent by crisis-desk from ${input.sender} to everyone paged for this incident.`,
    '',
  ].join('\n');

  return {
    subject,
    html: emailDocument({ title: subject, preheader: headline, body, footer }),
    text: cleanText(text.replace(/\r\n?/g, '\n')),
  };
}
