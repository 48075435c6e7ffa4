/**
 * What `serve` (and watch, drill, the demo) answers on 127.0.0.1, by path:
 *
 *   /?t=…           the action pages (the same handler as the action function URL)
 *   /incident?t=…   the incident page of a view link (the same handler as its function URL)
 *   /               every Incident, to this machine only
 *   /incident?id=…  one Incident's page, read-only, to this machine only
 *
 * The two unsigned views answer a request only when it comes from this machine and names this
 * machine as its host (a web page cannot reach them through a DNS rebinding either).
 */
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import type { Config } from '../../lambdas/core/config.ts';
import type { IncidentStore } from '../../lambdas/core/ports.ts';
import { incidentListPage } from '../../lambdas/core/pages/incident-list-view.ts';
import { showIncident, type IncidentPageDeps } from '../../lambdas/core/pages/incident-page.ts';
import { SECURITY_HEADERS } from '../../lambdas/core/pages/security-headers.ts';
import { errorPage, type Page } from '../../lambdas/core/pages/views.ts';
import type { FunctionUrlHandler } from './serve.ts';

/** Where the incident page is served locally, below the action pages' base URL. */
export const INCIDENT_PAGE_PATH = 'incident';
export const localIncidentPageUrl = (actionsBaseUrl: string): string => new URL(INCIDENT_PAGE_PATH, actionsBaseUrl).toString();

export interface LocalPagesOptions {
  actions: FunctionUrlHandler;
  incidentPage: FunctionUrlHandler;
  /** What the unsigned, this-machine-only views read. */
  deps: IncidentPageDeps & { incidents: Pick<IncidentStore, 'get' | 'listOpenedBetween'>; config: Pick<Config, 'brands'> };
}

const LOOPBACK_IPS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** From this machine, to this machine: the socket's address and the Host the browser asked for. */
export function isLocalRequest(event: LambdaFunctionURLEvent): boolean {
  const host = (event.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  return LOOPBACK_IPS.has(event.requestContext.http.sourceIp) && LOOPBACK_HOSTS.has(host);
}

const answer = (page: Page, method: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: page.status,
  headers: { ...SECURITY_HEADERS },
  body: method === 'HEAD' ? '' : page.html,
});

export function createLocalPages(o: LocalPagesOptions): FunctionUrlHandler {
  const { deps } = o;
  return async (event) => {
    const path = event.rawPath.replace(/\/+$/, '') || '/';
    const query = new URLSearchParams(event.rawQueryString ?? '');
    const method = event.requestContext.http.method.toUpperCase();
    const readOnly = method === 'GET' || method === 'HEAD';
    if (path === `/${INCIDENT_PAGE_PATH}` && query.has('t')) return o.incidentPage(event);
    if (path === `/${INCIDENT_PAGE_PATH}` || (path === '/' && !query.has('t') && readOnly)) {
      if (!readOnly) return answer(errorPage('method'), method);
      if (!isLocalRequest(event)) return answer({ ...errorPage('forged', 'The incident list and its unsigned pages are served to this machine only.'), status: 403 }, method);
      if (path === '/') {
        const incidents = (await Promise.all(deps.config.brands.map((b) => deps.incidents.listOpenedBetween(b.id, '0000', '9999')))).flat();
        return answer(
          incidentListPage({ incidents, brands: deps.config.brands, owners: deps.config.owners, timeZone: deps.config.timeZone, hrefOf: (id) => `/${INCIDENT_PAGE_PATH}?${new URLSearchParams({ id })}` }),
          method,
        );
      }
      const id = query.get('id') ?? '';
      const incident = id ? await deps.incidents.get(id) : undefined;
      if (!incident) return answer(errorPage('not-found'), method);
      return answer(await showIncident(deps, incident, { query, self: { id } }), method);
    }
    return o.actions(event);
  };
}
