/** The Lambda function URL of the acknowledge / resolve / snooze pages (locally: lib/local/serve.ts). */
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { awsFlowCallback, awsLinkSigner, awsStores, requireStore, systemClock } from '../adapters/aws-ports.ts';
import { loadBundledConfig } from '../adapters/bundled-config.ts';
import { requireEnv } from '../adapters/env.ts';
import { HANDLER_ENV } from '../contracts/handler-env.ts';
import { PowertoolsLogger, traced } from '../adapters/powertools.ts';
import { SesMailer } from '../adapters/ses-mailer.ts';
import { createIncidentActions } from '../core/incident-actions.ts';
import type { LinkSigner } from '../core/links.ts';
import { handleActionRequest, type ActionPageDeps, type ActionResponse } from '../core/pages/action-controller.ts';
import { SECURITY_HEADERS } from '../core/pages/security-headers.ts';
import { errorPage } from '../core/pages/views.ts';

export { SECURITY_HEADERS } from '../core/pages/security-headers.ts';

export interface IncidentActionHandlerDeps extends Omit<ActionPageDeps, 'signer'> {
  /** The link signer; async because its secret is read from Secrets Manager. */
  signer: () => Promise<LinkSigner>;
}

/** A form is a few KB; anything much larger is not one of ours. */
const MAX_BODY_BYTES = 64 * 1024;

export const createIncidentActionHandler =
  (deps: IncidentActionHandlerDeps) =>
  async (event: LambdaFunctionURLEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method;
    const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
    const type = (event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const isForm = type === 'application/x-www-form-urlencoded';
    const page: ActionResponse =
      body.length > MAX_BODY_BYTES || (body.length > 0 && !isForm)
        ? errorPage('bad-request')
        : await handleActionRequest(
            {
              method,
              query: new URLSearchParams(event.rawQueryString ?? ''),
              form: new URLSearchParams(isForm ? body.toString('utf8') : ''),
              headers: { ...lowerCased(event.headers), host: event.requestContext.domainName ?? event.headers.host },
              // The function URL's own address (AWS sets domainName): where the notices' incident page buttons lead.
              ...(event.requestContext.domainName && { selfUrl: `https://${event.requestContext.domainName}/` }),
            },
            { ...deps, signer: await deps.signer() },
          );
    const headers = { ...SECURITY_HEADERS, ...page.headers };
    return { statusCode: page.status, headers, body: method === 'HEAD' ? '' : page.html };
  };

const lowerCased = (headers: Record<string, string | undefined> = {}) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

function awsDeps(): IncidentActionHandlerDeps {
  const config = loadBundledConfig();
  const logger = new PowertoolsLogger({ serviceName: 'incident-action' });
  const incidents = requireStore(awsStores(config), 'incidents');
  const mailer = new SesMailer({ client: traced(new SESv2Client({})) });
  const actions = createIncidentActions({ incidents, mailer, clock: systemClock, logger, config, callbacks: awsFlowCallback() });
  const pages = { pageUrl: requireEnv(HANDLER_ENV.incidentPageUrl), linkDays: config.incidentPage.linkDays };
  return { signer: awsLinkSigner(), incidents, actions, clock: systemClock, logger, config, pages };
}

let live: ReturnType<typeof createIncidentActionHandler> | undefined;
/** Lambda entry: AWS adapters built once per cold start, on first call. */
export const handler = (event: LambdaFunctionURLEvent) => (live ??= createIncidentActionHandler(awsDeps()))(event);
