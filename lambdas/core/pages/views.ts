/**
 * The action pages: a confirmation (GET changes nothing: mail scanners open links), the resolve
 * form, the result and the error pages. Every value is escaped by `html`.
 */
import { FALSE_ALARM_HINTS, FALSE_ALARM_LABELS, FALSE_ALARM_REASONS, VERDICT_LABELS, ALERT_VERDICTS } from '../alert-verdict.ts';
import type { Incident } from '../incident.ts';
import type { LinkAction, LinkClaims } from '../links.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatTime } from '../email/format.ts';
import { personName, type Person } from '../people.ts';
import { plainReason } from '../plain-reason.ts';
import { themeInText, type ThemeLabelSource } from '../theme-label.ts';
import { incidentCounts, timelineList } from './incident-parts.ts';
import { pageDocument } from './layout.ts';
import { RESOLVER_NOTE_LABELS } from '../resolver-notes.ts';

export interface PageContext {
  incident: Incident;
  brandName: string;
  timeZone: string;
  /** The config's Owners: pages name people, as the emails do. */
  owners?: readonly Person[];
  /** The brand's own theme labels, if it has any. */
  labels?: ThemeLabelSource;
  /** Now (ISO): how long it has been open. */
  now?: string;
}

const nameOf = (c: PageContext, who: string): string => personName(c.owners ?? [], who);

export interface Page {
  status: number;
  html: string;
}

export interface ResolveFormValues {
  /** real / false-alarm / duplicate, as chosen ('' until then). */
  verdict: string;
  /** A false alarm's reason. */
  why: string;
  /** The Incident a duplicate repeats. */
  duplicateOf: string;
  rootCause: string;
  trigger: string;
  whatHelped: string;
  wentWell: string;
  wentBadly: string;
  lucky: string;
  items: { text: string; owner: string; due: string }[];
}

export const emptyResolveForm = (rows: number): ResolveFormValues => ({
  verdict: '', why: '', duplicateOf: '',
  rootCause: '', trigger: '', whatHelped: '', wentWell: '', wentBadly: '', lucky: '',
  items: Array.from({ length: rows }, () => ({ text: '', owner: '', due: '' })),
});

const title = (c: PageContext) => `${c.brandName}: ${themeInText(c.incident.theme, c.labels)} incident`;

function facts(c: PageContext): SafeHtml {
  const i = c.incident;
  return html`<dl class="facts">
<dt>Severity</dt><dd><span class="badge ${i.severity}">${i.severity}</span></dd>
<dt>Status</dt><dd>${statusText(c)}</dd>
<dt>Why it opened</dt><dd><bdi>${plainReason(i.reason, { brandName: c.brandName })}</bdi></dd>
<dt>First seen</dt><dd>${formatTime(i.firstMentionAt, c.timeZone)}</dd>
<dt>Incident</dt><dd>${i.id}</dd>
</dl>`;
}

function statusText(c: PageContext): string {
  const i = c.incident;
  if (i.status === 'resolved') return `Resolved${i.resolvedAt ? ` ${formatTime(i.resolvedAt, c.timeZone)}` : ''}${i.resolution ? ` by ${nameOf(c, i.resolution.resolvedBy)}` : ''}`;
  if (i.status === 'acknowledged') return `Acknowledged by ${i.acknowledgedBy ? nameOf(c, i.acknowledgedBy) : 'someone'}${i.acknowledgedAt ? ` ${formatTime(i.acknowledgedAt, c.timeZone)}` : ''}`;
  const snoozed = i.snoozedUntil ? `, snoozed until ${formatTime(i.snoozedUntil, c.timeZone)}` : '';
  return `Open, escalation level ${i.level}${snoozed}`;
}

const tokenField = (token: string) => html`<input type="hidden" name="t" value="${token}">`;

const VERBS: Record<LinkAction, string> = { acknowledge: 'Acknowledge', resolve: 'Resolve', snooze: 'Snooze 1 h' };

/** GET acknowledge / snooze: says what will happen and asks for a press of the button. */
export function confirmPage(c: PageContext, claims: LinkClaims, token: string): Page {
  const i = c.incident;
  const body =
    claims.action === 'acknowledge'
      ? html`<h1>Acknowledge the <span class="badge ${i.severity}">${i.severity}</span> ${title(c)}?</h1>
<p>You, <strong>${nameOf(c, claims.recipient)}</strong>, take ownership of the response. The escalation stops and everyone paged is told.</p>
${facts(c)}
<form method="post" action="">
${tokenField(token)}
<label for="note">Note for the others <span class="hint">Optional: what you are doing first, who replies in public.</span></label>
<textarea id="note" name="note" maxlength="4000" dir="auto"></textarea>
<button type="submit">Acknowledge</button>
</form>`
      : html`<h1>Snooze the ${title(c)} for 1 hour?</h1>
<p>Nobody is paged for an hour; then the escalation continues where it was. Snooze only when you are already on it.</p>
${facts(c)}
<form method="post" action="">
${tokenField(token)}
<button type="submit">Snooze 1 h</button>
</form>`;
  return { status: 200, html: pageDocument({ title: `${VERBS[claims.action]}: ${title(c)}`, main: html`${body}<p class="muted">Opening this link changed nothing; only the button does.</p>` }) };
}

const FIELD_LABELS: [keyof Omit<ResolveFormValues, 'items' | 'verdict' | 'why' | 'duplicateOf'>, string, string][] = [
  ['rootCause', `${RESOLVER_NOTE_LABELS.rootCause} (required for a real alert)`, 'What caused the complaints, even if it is a first guess. For a false alarm, what made it look like one.'],
  ['trigger', RESOLVER_NOTE_LABELS.trigger, 'What set it off: a release, a price change, a post, an outage upstream.'],
  ['whatHelped', RESOLVER_NOTE_LABELS.whatHelped, 'What reduced the damage or the time to fix.'],
  ['wentWell', RESOLVER_NOTE_LABELS.wentWell, ''],
  ['wentBadly', RESOLVER_NOTE_LABELS.wentBadly, ''],
  ['lucky', RESOLVER_NOTE_LABELS.lucky, 'What could have made it much worse.'],
];

/** The resolve form. Extra action item rows come from a server round trip, so no JavaScript is needed. */
export function resolveFormPage(c: PageContext, claims: LinkClaims, token: string, values: ResolveFormValues, errors: Record<string, string> = {}): Page {
  const err = (key: string) => (errors[key] ? html`<span class="error" id="${key}-error">${errors[key]}</span>` : '');
  const described = (key: string, hint: string) => [hint ? `${key}-hint` : '', errors[key] ? `${key}-error` : ''].filter(Boolean).join(' ') || undefined;
  const fields = FIELD_LABELS.map(([key, label, hint]) => {
    const by = described(key, hint);
    return html`<label for="${key}">${label}${hint ? html` <span class="hint" id="${key}-hint">${hint}</span>` : ''}</label>
${err(key)}
<textarea id="${key}" name="${key}" maxlength="4000" dir="auto"${by ? html` aria-describedby="${by}"` : ''}${errors[key] ? html` aria-invalid="true"` : ''}>${values[key]}</textarea>`;
  });
  const rows = values.items.map((item, n) => {
    const k = `actionItems.${n}`;
    return html`<div class="item" role="group" aria-label="Action item ${n + 1}">
<div><label for="item-text-${n}">Action item ${n + 1}</label>${err(`${k}.text`)}<input type="text" id="item-text-${n}" name="item_text" value="${item.text}" maxlength="4000" dir="auto"></div>
<div><label for="item-owner-${n}">Owner<span class="sr"> of action item ${n + 1}</span></label>${err(`${k}.owner`)}<input type="text" id="item-owner-${n}" name="item_owner" value="${item.owner}" maxlength="200" autocomplete="email"></div>
<div><label for="item-due-${n}">Due date<span class="sr"> of action item ${n + 1}</span></label>${err(`${k}.due`)}<input type="date" id="item-due-${n}" name="item_due" value="${item.due}" placeholder="YYYY-MM-DD"></div>
</div>`;
  });
  const errorCount = Object.keys(errors).length;
  const main = html`<h1>Resolve the <span class="badge ${c.incident.severity}">${c.incident.severity}</span> ${title(c)}</h1>
<p>What you write here goes into the post-mortem of the weekly report. Short and honest beats complete.</p>
<div class="split">
<aside class="context" aria-labelledby="context-heading">
<h2 id="context-heading">What happened</h2>
${facts(c)}
${incidentCounts(c)}
<details open><summary id="resolve-timeline">Timeline</summary>${timelineList(c, 'resolve-timeline')}</details>
</aside>
<div class="questions">
${errorCount ? html`<div class="errors" role="alert"><p class="error">Please fix ${errorCount === 1 ? 'one field' : `${errorCount} fields`} below.</p></div>` : ''}
<form method="post" action="">
${tokenField(token)}
<button type="submit" name="intent" value="resolve" class="default" tabindex="-1" aria-hidden="true">Resolve</button>
${alertQuestion(values, err)}
${fields}
<fieldset>
<legend>Action items</legend>
<p class="hint">What will be done so it does not happen again, who owns it, and by when. Leave unused rows empty.</p>
${err('actionItems')}
${rows}
<input type="hidden" name="rows" value="${values.items.length}">
<button type="submit" name="intent" value="add-row" class="secondary" formnovalidate>Add another action item</button>
</fieldset>
<button type="submit" name="intent" value="resolve" class="resolve">Resolve incident</button>
</form>
<p class="muted">Opening this link changed nothing; only the Resolve button does.</p>
</div>
</div>`;
  return { status: errorCount ? 400 : 200, html: pageDocument({ title: `Resolve: ${title(c)}`, main, wide: true }) };
}

/**
 * Was the alert real? Real, a false alarm (and why), or a duplicate of another Incident: the
 * answer the weekly report's alert quality counts. Radios in fieldsets, so it needs no script.
 */
function alertQuestion(values: ResolveFormValues, err: (key: string) => SafeHtml | ''): SafeHtml {
  const radio = (name: string, value: string, label: string, checked: boolean, hint?: string) => {
    const id = `${name}-${value}`;
    return html`<div class="choice"><input type="radio" id="${id}" name="${name}" value="${value}"${checked ? html` checked` : ''}${name === 'verdict' ? html` required` : ''}${hint ? html` aria-describedby="${id}-hint"` : ''}><label for="${id}">${label}${hint ? html` <span class="hint" id="${id}-hint">${hint}</span>` : ''}</label></div>`;
  };
  const [real, falseAlarm, duplicate] = ALERT_VERDICTS.map((v) => radio('verdict', v, VERDICT_LABELS[v], values.verdict === v));
  const reasons = FALSE_ALARM_REASONS.map((r) => {
    const label = FALSE_ALARM_LABELS[r];
    return radio('why', r, label[0]!.toUpperCase() + label.slice(1), values.why === r, FALSE_ALARM_HINTS[r]);
  });
  return html`<fieldset class="verdict"${err('alert') ? html` aria-describedby="alert-error"` : ''}>
<legend>Was this alert real? (required)</legend>
<p class="hint">Your answer tells the weekly report how much of the paging is noise, and which detection setting to change.</p>
${err('alert')}
${real}
${falseAlarm}
<fieldset class="sub"><legend>If a false alarm, why?</legend>${err('alert.why')}${reasons}</fieldset>
${duplicate}
<label for="duplicateOf">If a duplicate, of which incident? <span class="hint" id="duplicateOf-hint">Its id, as in its email or page.</span></label>
${err('alert.of')}
<input type="text" id="duplicateOf" name="duplicateOf" value="${values.duplicateOf}" maxlength="200" aria-describedby="duplicateOf-hint${err('alert.of') ? ' alert.of-error' : ''}"${err('alert.of') ? html` aria-invalid="true"` : ''}>
</fieldset>`;
}

/** The result of a completed action. */
export function donePage(c: PageContext, action: 'acknowledged' | 'snoozed' | 'resolved', detail: string): Page {
  const next = {
    acknowledged: 'The escalation has stopped and everyone paged has been told. When it is fixed, use the Resolve button in the email.',
    snoozed: 'Nobody will be paged until the snooze ends. Everyone paged has been told.',
    resolved: 'The incident is closed and everyone paged has been told. Your notes go into the weekly post-mortem. Thank you.',
  }[action];
  const main = html`<div class="ok"><h1>${title(c)}: ${action}</h1><p>${detail}</p></div>
<p>${next}</p>
${facts(c)}`;
  return { status: 200, html: pageDocument({ title: `${action}: ${title(c)}`, main }) };
}

/** Nothing to do: already acknowledged, for example. Not an error. */
export function infoPage(c: PageContext, heading: string, text: string): Page {
  return { status: 200, html: pageDocument({ title: heading, main: html`<h1>${heading}</h1><p>${text}</p>${facts(c)}` }) };
}

export type ErrorKind = 'forged' | 'expired' | 'view-expired' | 'malformed' | 'reused' | 'not-paged' | 'cross-site' | 'not-found' | 'resolved' | 'bad-request' | 'method' | 'internal';

const ERRORS: Record<ErrorKind, { status: number; heading: string; text: string }> = {
  forged: {
    status: 403,
    heading: 'This link is not valid',
    text: 'It was not issued by crisis-desk, or part of it was changed. Nothing has changed. Use the buttons in the latest escalation email.',
  },
  expired: {
    status: 410,
    heading: 'This link has expired',
    text: 'Action links work for 7 days. Nothing has changed. Use the buttons in a newer escalation or reminder email.',
  },
  'view-expired': {
    status: 410,
    heading: 'This incident page link has expired',
    text: 'Incident page links work for a few weeks (the config says how many days). Open the link in a newer email about this incident.',
  },
  malformed: {
    status: 400,
    heading: 'This link is incomplete',
    text: 'Part of the link is missing, often because an email program broke a long line. Nothing has changed. Click the button in the email, or copy the whole link.',
  },
  reused: {
    status: 409,
    heading: 'This link has already been used',
    text: 'Each link works once, so a forwarded or replayed email cannot act for you. Nothing has changed.',
  },
  'not-paged': {
    status: 403,
    heading: 'This link was not sent to you',
    text: 'It names someone this incident never paged. Nothing has changed. Use the buttons in an escalation email you received.',
  },
  'cross-site': {
    status: 403,
    heading: 'Not allowed from another site',
    text: 'This change was sent by a page on another website, not by the button on this one. Nothing has changed. Open the link from your email and use the button there.',
  },
  'not-found': {
    status: 404,
    heading: 'Incident not found',
    text: 'The incident of this link does not exist (any more). Nothing has changed.',
  },
  resolved: {
    status: 409,
    heading: 'This incident is already resolved',
    text: 'Nothing has changed: an incident that is resolved stays resolved. If the problem is back, crisis-desk opens a new incident and pages again.',
  },
  'bad-request': { status: 400, heading: 'That did not work', text: 'The request was not understood. Nothing has changed.' },
  method: { status: 405, heading: 'Not allowed', text: 'This page only answers GET and POST. Nothing has changed.' },
  internal: {
    status: 500,
    heading: 'Something went wrong',
    text: 'Your action may not have been recorded. Please try again in a minute; if it keeps failing, tell the others by phone or chat.',
  },
};

export function errorPage(kind: ErrorKind, extra?: string, context?: PageContext): Page {
  const e = ERRORS[kind];
  const main = html`<div class="bad"><h1>${e.heading}</h1><p>${e.text}</p>${extra ? html`<p>${extra}</p>` : ''}</div>${context ? facts(context) : ''}`;
  return { status: e.status, html: pageDocument({ title: e.heading, main }) };
}
