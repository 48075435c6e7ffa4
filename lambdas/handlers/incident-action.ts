/** The Lambda function URL of the acknowledge / resolve / snooze pages (locally: lib/local/serve.ts). */
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { awsFlowCallback, awsLinkSigner, awsStores, requireStore, systemClock } from '../adapters/aws-ports.ts';
import { loadBundledConfig } from '../adapters/bundled-config.ts';
import { actionRequestOf, pageResult } from '../adapters/function-url.ts';
import { requireEnv } from '../adapters/env.ts';
import { HANDLER_ENV } from '../contracts/handler-env.ts';
import { PowertoolsLogger, traced } from '../adapters/powertools.ts';
import { SesMailer } from '../adapters/ses-mailer.ts';
import { createIncidentActions } from '../core/incident-actions.ts';
import type { LinkSigner } from '../core/links.ts';
import { handleActionRequest, type ActionPageDeps, type ActionResponse } from '../core/pages/action-controller.ts';
import { errorPage } from '../core/pages/views.ts';

export { SECURITY_HEADERS } from '../core/pages/security-headers.ts';

export interface IncidentActionHandlerDeps extends Omit<ActionPageDeps, 'signer'> {
  /** The link signer; async because its secret is read from Secrets Manager. */
  signer: () => Promise<LinkSigner>;
}

export const createIncidentActionHandler =
  (deps: IncidentActionHandlerDeps) =>
  async (event: LambdaFunctionURLEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const request = actionRequestOf(event);
    const page: ActionResponse = request ? await handleActionRequest(request, { ...deps, signer: await deps.signer() }) : errorPage('bad-request');
    return pageResult(event.requestContext.http.method, page);
  };

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
