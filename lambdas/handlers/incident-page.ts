/**
 * The Lambda function URL of the incident page (locally: lib/local/pages.ts). Read-only: GET and
 * HEAD of a signed view link; it reads the Incident, its posts through the byIncident index and
 * the brand's counters, and nothing else (its role grants nothing else).
 */
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { awsLinkSigner, awsStores, requireStore, systemClock } from '../adapters/aws-ports.ts';
import { loadBundledConfig } from '../adapters/bundled-config.ts';
import { pageResult } from '../adapters/function-url.ts';
import { PowertoolsLogger } from '../adapters/powertools.ts';
import type { LinkSigner } from '../core/links.ts';
import { handleIncidentPageRequest, type IncidentPageDeps } from '../core/pages/incident-page.ts';

export interface IncidentPageHandlerDeps extends Omit<IncidentPageDeps, 'signer'> {
  /** The link signer; async because its secret is read from Secrets Manager. */
  signer: () => Promise<LinkSigner>;
}

export const createIncidentPageHandler =
  (deps: IncidentPageHandlerDeps) =>
  async (event: LambdaFunctionURLEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method;
    const page = await handleIncidentPageRequest({ method, query: new URLSearchParams(event.rawQueryString ?? '') }, { ...deps, signer: await deps.signer() });
    return pageResult(method, page);
  };

function awsDeps(): IncidentPageHandlerDeps {
  const config = loadBundledConfig();
  const stores = awsStores(config);
  return {
    signer: awsLinkSigner(),
    incidents: requireStore(stores, 'incidents'),
    mentions: requireStore(stores, 'mentions'),
    counters: requireStore(stores, 'counters'),
    clock: systemClock,
    logger: new PowertoolsLogger({ serviceName: 'incident-page' }),
    config,
  };
}

let live: ReturnType<typeof createIncidentPageHandler> | undefined;
/** Lambda entry: AWS adapters built once per cold start, on first call. */
export const handler = (event: LambdaFunctionURLEvent) => (live ??= createIncidentPageHandler(awsDeps()))(event);
