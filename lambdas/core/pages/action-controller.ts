/**
 * Serves one request to the action pages, whatever the transport (Lambda function URL in AWS,
 * node:http locally).
 *
 * Primary course:
 *  1. Verify the signed link (`t` in the form or the query): forged 403, expired 410, malformed 400.
 *  2. Read the Incident: unknown 404; a recipient it never paged 403; link used before 409;
 *     already resolved 409. A POST from another site is refused (403) before any of this.
 *  3. GET shows the confirmation or the resolve form and changes nothing.
 *  4. POST performs the action as the link's recipient and shows the result.
 */
import type { Config } from '../config.ts';
import { IncidentAlreadyResolvedError, IncidentNotFoundError, type Incident } from '../incident.ts';
import {
  InvalidResolutionError,
  InvalidSnoozeError,
  type ActionOptions,
  type IncidentActions,
} from '../incident-actions.ts';
import { InvalidLinkError, type LinkClaims, type LinkSigner, type SignedClaims } from '../links.ts';
import type { Clock, IncidentStore, Logger } from '../ports.ts';
import { formatTime } from '../email/format.ts';
import {
  confirmPage,
  donePage,
  emptyResolveForm,
  errorPage,
  infoPage,
  resolveFormPage,
  type Page,
  type PageContext,
  type ResolveFormValues,
} from './views.ts';

export interface ActionRequest {
  method: string;
  query: URLSearchParams;
  /** The urlencoded body of a POST (empty for GET). */
  form: URLSearchParams;
  /** This endpoint's own base URL, as the platform gives it (the notices' incident page buttons lead here). */
  selfUrl?: string;
  /** Request headers, lower-cased names: Origin, Sec-Fetch-Site and Host say where a POST came from. */
  headers?: Record<string, string | undefined>;
}

/**
 * A POST sent by a page of another site. Browsers say where a request came from in
 * Sec-Fetch-Site, which a page cannot forge: that decides when it is there. Without it (an older
 * browser), an Origin naming another host decides. "Origin: null" alone is not a verdict: our own
 * pages send it (their Referrer-Policy is no-referrer). A client that sends neither (curl, a mail
 * scanner) is let through: the signed token is still needed.
 */
export function isCrossSite(headers: Record<string, string | undefined> = {}): boolean {
  const site = headers['sec-fetch-site']?.trim().toLowerCase();
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = headers.origin?.trim();
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host.toLowerCase() !== (headers.host ?? '').trim().toLowerCase();
  } catch {
    return true;
  }
}

export interface ActionPageDeps {
  signer: LinkSigner;
  incidents: Pick<IncidentStore, 'get'>;
  actions: IncidentActions;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'timeZone' | 'brands' | 'owners'>;
  /**
   * The incident page, for the links in the notices: its URL, how long a link works, and the
   * action endpoint (this one) its buttons lead to, when known ahead (locally); else the request's `selfUrl`.
   */
  pages?: { pageUrl: string; linkDays: number; actionsUrl?: string };
}

export interface ActionResponse extends Page {
  headers?: Record<string, string>;
}

const SNOOZE_MS = 60 * 60 * 1000;
const DEFAULT_ROWS = 3;
const MAX_ROWS = 50;

export async function handleActionRequest(req: ActionRequest, deps: ActionPageDeps): Promise<ActionResponse> {
  const method = req.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return { ...errorPage('method'), headers: { allow: 'GET, POST' } };
  if (method === 'POST' && isCrossSite(req.headers)) return errorPage('cross-site');
  const token = req.form.get('t') ?? req.query.get('t') ?? '';
  let signed: SignedClaims;
  try {
    signed = deps.signer.verify(token, deps.clock.now());
  } catch (err) {
    if (err instanceof InvalidLinkError) return errorPage(err.reason);
    throw err;
  }
  // The incident page's link reads; it never acts.
  if (signed.action === 'view') return errorPage('malformed', 'This link opens the incident page, not an action: use the buttons on that page or in the email.');
  const claims: LinkClaims = signed;
  const log = { incidentId: claims.incidentId, action: claims.action, method };
  try {
    const incident = await deps.incidents.get(claims.incidentId);
    if (!incident) return errorPage('not-found');
    const ctx = context(incident, deps);
    // A valid signature is not enough: the link must name someone this Incident actually paged.
    if (!incident.notified.some((e) => e.toLowerCase() === claims.recipient.toLowerCase())) {
      deps.logger.warn('action link for a recipient the incident never paged', log);
      return errorPage('not-paged');
    }
    if (incident.usedLinks?.includes(claims.nonce)) return errorPage('reused', undefined, ctx);
    if (incident.status === 'resolved') return errorPage('resolved', undefined, ctx);
    if (method !== 'POST') return showConfirmation(ctx, claims, token);
    const actionsUrl = deps.pages?.actionsUrl ?? req.selfUrl;
    const viewLinks = deps.pages && actionsUrl ? { signer: deps.signer, pageUrl: deps.pages.pageUrl, linkDays: deps.pages.linkDays, actionsUrl } : undefined;
    return await perform(req.form, ctx, claims, token, deps, viewLinks);
  } catch (err) {
    if (err instanceof InvalidLinkError) return errorPage(err.reason);
    if (err instanceof IncidentNotFoundError) return errorPage('not-found');
    if (err instanceof IncidentAlreadyResolvedError) {
      const now = await deps.incidents.get(claims.incidentId).catch(() => undefined);
      return errorPage('resolved', undefined, now && context(now, deps));
    }
    if (err instanceof InvalidSnoozeError) return errorPage('bad-request', err.message);
    deps.logger.error('action page failed', { ...log, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    return errorPage('internal');
  }
}

function context(incident: Incident, deps: ActionPageDeps): PageContext {
  const brand = deps.config.brands.find((b) => b.id === incident.brand);
  return {
    incident,
    brandName: brand?.name ?? incident.brand,
    timeZone: deps.config.timeZone,
    owners: deps.config.owners,
    now: deps.clock.now().toISOString(),
    ...(brand && { labels: brand }),
  };
}

function showConfirmation(ctx: PageContext, claims: LinkClaims, token: string): Page {
  const i = ctx.incident;
  if (claims.action === 'resolve') return resolveFormPage(ctx, claims, token, emptyResolveForm(DEFAULT_ROWS));
  if (claims.action === 'acknowledge' && i.status === 'acknowledged')
    return infoPage(ctx, 'Already acknowledged', `${i.acknowledgedBy ?? 'Someone'} acknowledged it${i.acknowledgedAt ? ` ${formatTime(i.acknowledgedAt, ctx.timeZone)}` : ''}. Nothing more to do here; resolve it from the email when it is fixed.`);
  return confirmPage(ctx, claims, token);
}

async function perform(
  form: URLSearchParams,
  ctx: PageContext,
  claims: LinkClaims,
  token: string,
  deps: ActionPageDeps,
  viewLinks: ActionOptions['viewLinks'],
): Promise<Page> {
  const link: ActionOptions = { linkNonce: claims.nonce, ...(viewLinks && { viewLinks }) };
  const by = claims.recipient;
  switch (claims.action) {
    case 'acknowledge': {
      const { incident, changed } = await deps.actions.acknowledge(claims.incidentId, by, form.get('note') ?? undefined, link);
      const after = { ...ctx, incident };
      if (!changed) return infoPage(after, 'Already acknowledged', `${incident.acknowledgedBy ?? 'Someone'} acknowledged it already. Nothing more to do here.`);
      return donePage(after, 'acknowledged', `You own the response now, ${by}.`);
    }
    case 'snooze': {
      const until = new Date(deps.clock.now().getTime() + SNOOZE_MS);
      const { incident } = await deps.actions.snooze(claims.incidentId, by, until, link);
      return donePage({ ...ctx, incident }, 'snoozed', `Snoozed until ${formatTime(until.toISOString(), ctx.timeZone)}.`);
    }
    case 'resolve': {
      const values = readResolveForm(form);
      if (form.get('intent') === 'add-row') {
        if (values.items.length < MAX_ROWS) values.items.push({ text: '', owner: '', due: '' });
        return resolveFormPage(ctx, claims, token, values);
      }
      try {
        const { incident } = await deps.actions.resolve(claims.incidentId, by, {
          alert: { verdict: values.verdict, why: values.why, of: values.duplicateOf },
          rootCause: values.rootCause,
          trigger: values.trigger,
          whatHelped: values.whatHelped,
          wentWell: values.wentWell,
          wentBadly: values.wentBadly,
          lucky: values.lucky,
          actionItems: values.items,
        }, link);
        const n = incident.resolution?.actionItems.length ?? 0;
        return donePage({ ...ctx, incident }, 'resolved', `Resolved by ${by}, with ${n === 1 ? 'one action item' : `${n} action items`}.`);
      } catch (err) {
        if (err instanceof InvalidResolutionError) return resolveFormPage(ctx, claims, token, values, err.fields);
        throw err;
      }
    }
  }
}

/** The resolve form's fields; action item columns arrive as parallel repeated fields. */
function readResolveForm(form: URLSearchParams): ResolveFormValues {
  const texts = form.getAll('item_text');
  const owners = form.getAll('item_owner');
  const dues = form.getAll('item_due');
  const requested = Number.parseInt(form.get('rows') ?? '', 10);
  const rows = Math.min(MAX_ROWS, Math.max(texts.length, owners.length, dues.length, Number.isFinite(requested) ? requested : DEFAULT_ROWS, 1));
  const get = (k: string) => form.get(k) ?? '';
  return {
    verdict: get('verdict'),
    why: get('why'),
    duplicateOf: get('duplicateOf'),
    rootCause: get('rootCause'),
    trigger: get('trigger'),
    whatHelped: get('whatHelped'),
    wentWell: get('wentWell'),
    wentBadly: get('wentBadly'),
    lucky: get('lucky'),
    items: Array.from({ length: rows }, (_, n) => ({ text: texts[n] ?? '', owner: owners[n] ?? '', due: dues[n] ?? '' })),
  };
}
