/**
 * Serves the incident page, whatever the transport (its own Lambda function URL in AWS, `serve`
 * locally). Read-only: it reads the Incident (one GetItem), its posts through the byIncident
 * index, and the brand's counter buckets for the chart; it writes nothing.
 *
 * Primary course:
 *  1. Verify the view link (`t`): forged 403, expired 410, malformed or an action link 400.
 *  2. Read the Incident: unknown 404; a recipient it never paged 403. An error shows nothing of it.
 *  3. Read one page of its posts: newest or oldest first straight from the index; by reach or
 *     negativity, the newest MAX_SORTED posts read through the index in pages and sorted here.
 *  4. Read the counter buckets of the chart's span and the baseline days before it.
 *  5. Render, with action links for the link's recipient to the action endpoint the link names.
 */
import type { Config } from '../config.ts';
import type { Incident } from '../incident.ts';
import { buildActionLinks, InvalidLinkError, type LinkSigner } from '../links.ts';
import type { Mention } from '../mention.ts';
import { negativity } from '../mention-text.ts';
import { nextStep } from '../next-step.ts';
import type { Clock, CounterStore, IncidentStore, Logger, MentionStore } from '../ports.ts';
import { incidentPage, POST_SORTS, type PostSort, type PostsPage } from './incident-view.ts';
import { chartSpan, negativeSeries } from './negative-chart.ts';
import { errorPage, type Page } from './views.ts';

/** Posts per page. */
export const POSTS_PER_PAGE = 50;
/**
 * Most posts sorted by reach or negativity on one view: the index is ordered by time only, so
 * they are read (through the index, never a scan) and sorted here. Beyond it, the page says it
 * sorted the newest MAX_SORTED.
 */
export const MAX_SORTED = 2000;

export interface IncidentPageDeps {
  signer: LinkSigner;
  incidents: Pick<IncidentStore, 'get'>;
  mentions: Pick<MentionStore, 'listByIncident'>;
  counters: Pick<CounterStore, 'range'>;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'timeZone' | 'brands' | 'owners' | 'escalationPolicies' | 'detection'>;
}

export interface IncidentPageRequest {
  method: string;
  query: URLSearchParams;
}

export interface IncidentPageResponse extends Page {
  headers?: Record<string, string>;
}

export async function handleIncidentPageRequest(req: IncidentPageRequest, deps: IncidentPageDeps): Promise<IncidentPageResponse> {
  const method = req.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return { ...errorPage('method'), headers: { allow: 'GET' } };
  const token = req.query.get('t') ?? '';
  let claims;
  try {
    claims = deps.signer.verify(token, deps.clock.now());
  } catch (err) {
    if (err instanceof InvalidLinkError) return errorPage(err.reason === 'expired' ? 'view-expired' : err.reason);
    throw err;
  }
  if (claims.action !== 'view') return errorPage('malformed', 'This is an action link: it opens its confirmation page, not the incident page.');
  const log = { incidentId: claims.incidentId };
  try {
    const incident = await deps.incidents.get(claims.incidentId);
    if (!incident) return errorPage('not-found');
    // As for the action links: a valid signature must also name someone this Incident paged.
    if (!incident.notified.some((e) => e.toLowerCase() === claims.recipient.toLowerCase())) {
      deps.logger.warn('incident page link for a recipient the incident never paged', log);
      return errorPage('not-paged');
    }
    return await showIncident(deps, incident, { query: req.query, self: { t: token }, viewer: claims.recipient, actionsUrl: claims.actionsUrl });
  } catch (err) {
    deps.logger.error('incident page failed', { ...log, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    return errorPage('internal');
  }
}

export interface ShowOptions {
  /** The request's query: `sort` and `page`. */
  query: URLSearchParams;
  /** What every link of the page carries to come back to it (`t`, or the local list's `id`). */
  self: Record<string, string>;
  /** Who is looking: the link's recipient. Without one the page has no buttons. */
  viewer?: string;
  /** The action endpoint the buttons lead to. */
  actionsUrl?: string;
}

const sortOf = (q: URLSearchParams): PostSort => {
  const s = q.get('sort');
  return (POST_SORTS as readonly string[]).includes(s ?? '') ? (s as PostSort) : 'newest';
};

/** Steps 3-5, for an Incident already read and allowed (also the local list's read-only view). */
export async function showIncident(deps: IncidentPageDeps, incident: Incident, o: ShowOptions): Promise<Page> {
  const now = deps.clock.now();
  const sort = sortOf(o.query);
  const asked = Number.parseInt(o.query.get('page') ?? '1', 10);
  const brand = deps.config.brands.find((b) => b.id === incident.brand);
  const baselineDays = deps.config.detection.baselineDays;
  const span = chartSpan(incident, now, baselineDays);
  const [posts, buckets] = await Promise.all([
    postsPage(deps, incident, sort, Number.isFinite(asked) && asked > 0 ? asked : 1),
    deps.counters.range(incident.brand, span.readFrom.toISOString(), span.to.toISOString()),
  ]);
  const actions =
    o.viewer && o.actionsUrl && incident.status !== 'resolved'
      ? buildActionLinks(o.actionsUrl, deps.signer, incident.id, o.viewer, now)
      : undefined;
  return incidentPage({
    incident,
    brandName: brand?.name ?? incident.brand,
    ...(brand && { labels: brand }),
    timeZone: deps.config.timeZone,
    owners: deps.config.owners,
    now: now.toISOString(),
    nextStep: nextStep(incident, deps.config, now),
    series: negativeSeries(incident, buckets, now, baselineDays),
    posts,
    ...(actions && {
      actions: {
        resolve: actions.resolve,
        ...(incident.status === 'open' && { acknowledge: actions.acknowledge, snooze: actions.snooze }),
      },
    }),
    ...(o.viewer && { viewer: o.viewer }),
    hrefFor: ({ sort: s, page }) => `?${new URLSearchParams({ ...o.self, sort: s, page: String(page) }).toString()}`,
  });
}

const byReach = (a: Mention, b: Mention) => b.author.reach - a.author.reach || negativity(b) - negativity(a) || b.createdAt.localeCompare(a.createdAt);
const byNegativity = (a: Mention, b: Mention) => negativity(b) - negativity(a) || b.author.reach - a.author.reach || b.createdAt.localeCompare(a.createdAt);

async function postsPage(deps: IncidentPageDeps, incident: Incident, sort: PostSort, asked: number): Promise<PostsPage> {
  const total = Math.max(0, incident.mentionCount);
  // The Incident's count can exceed what its index holds (posts counted in the detection window
  // only, or past their retention): the pages follow the index wherever a read reaches its end.
  const estimate = Math.max(1, Math.ceil(Math.min(total, MAX_SORTED) / POSTS_PER_PAGE));
  const exhausted = (read: Mention[]): PostsPage => {
    const pages = Math.max(1, Math.ceil(read.length / POSTS_PER_PAGE));
    const page = Math.min(asked, pages);
    return { sort, page, pages, mentions: read.slice((page - 1) * POSTS_PER_PAGE, page * POSTS_PER_PAGE), stored: read.length };
  };
  if (sort === 'newest' || sort === 'oldest') {
    // Straight from the index, in its order: only as many as this page needs, and one to tell whether another follows.
    const page = Math.min(asked, estimate);
    const wanted = page * POSTS_PER_PAGE;
    const read = await deps.mentions.listByIncident(incident.id, wanted + 1, { oldestFirst: sort === 'oldest' });
    if (read.length <= wanted) return exhausted(read);
    const cap = Math.ceil(MAX_SORTED / POSTS_PER_PAGE);
    return {
      sort,
      page,
      pages: Math.min(cap, Math.max(estimate, page + 1)),
      mentions: read.slice(wanted - POSTS_PER_PAGE, wanted),
      // The pages stop at MAX_SORTED posts from either end: say so, and where the rest are.
      ...(total > MAX_SORTED && { pagedOf: { paged: MAX_SORTED, total } }),
    };
  }
  const read = await deps.mentions.listByIncident(incident.id, MAX_SORTED);
  read.sort(sort === 'reach' ? byReach : byNegativity);
  if (read.length < MAX_SORTED) return exhausted(read);
  const page = Math.min(asked, Math.ceil(MAX_SORTED / POSTS_PER_PAGE));
  const from = (page - 1) * POSTS_PER_PAGE;
  return {
    sort,
    page,
    pages: Math.ceil(MAX_SORTED / POSTS_PER_PAGE),
    mentions: read.slice(from, from + POSTS_PER_PAGE),
    ...(total > MAX_SORTED && { sortedOf: { sorted: read.length, total } }),
  };
}
