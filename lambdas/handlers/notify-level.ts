/**
 * The escalation flow's `.waitForTaskToken` task (NotifyLevel, AwaitResolution, Remind):
 * `{ incidentId, position, mode, taskToken }`. Emails the Level and keeps the token; the flow
 * goes on when the ack endpoint answers the token, or when the task times out.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { HANDLER_ENV } from '../contracts/handler-env.ts';
import { awsFlowCallback, awsLinkSigner, awsStores, requireStore, systemClock } from '../adapters/aws-ports.ts';
import { loadBundledConfig } from '../adapters/bundled-config.ts';
import { requireEnv } from '../adapters/env.ts';
import { powertools, traced } from '../adapters/powertools.ts';
import { SesMailer } from '../adapters/ses-mailer.ts';
import { notifyLevel, type NotifyDeps, type NotifyRequest } from '../core/notify.ts';

export type NotifyLevelEvent = NotifyRequest;

export interface NotifyLevelHandlerDeps extends Omit<NotifyDeps, 'links'> {
  /** The link base URL and signer, or a function that builds them (the secret is read asynchronously). */
  links: NotifyDeps['links'] | (() => Promise<NotifyDeps['links']>);
}

const MODES = new Set(['page', 'await', 'remind']);

export const createNotifyLevelHandler = (deps: NotifyLevelHandlerDeps) => async (event: NotifyLevelEvent) => {
  const { incidentId, position, mode, taskToken } = event ?? {};
  if (typeof incidentId !== 'string' || typeof taskToken !== 'string' || !MODES.has(mode) || typeof position?.level !== 'number')
    throw new TypeError('notify-level event needs incidentId, position.level, mode (page|await|remind) and taskToken');
  const links = typeof deps.links === 'function' ? await deps.links() : deps.links;
  return notifyLevel({ ...deps, links }, event);
};

function awsDeps(): NotifyLevelHandlerDeps {
  const config = loadBundledConfig();
  const signer = awsLinkSigner();
  const baseUrl = requireEnv(HANDLER_ENV.actionBaseUrl);
  const pageUrl = requireEnv(HANDLER_ENV.incidentPageUrl);
  const stores = awsStores(config);
  return {
    config,
    clock: systemClock,
    incidents: requireStore(stores, 'incidents'),
    mentions: requireStore(stores, 'mentions'),
    mailer: new SesMailer({ client: traced(new SESv2Client({})) }),
    // Not awsFlows(): the state machine invokes this function, so its ARN cannot be in its environment.
    callbacks: awsFlowCallback(),
    links: async () => ({ baseUrl, pageUrl, linkDays: config.incidentPage.linkDays, signer: await signer() }),
    ...powertools('notify-level'),
  };
}

let live: ReturnType<typeof createNotifyLevelHandler> | undefined;
/** Lambda entry: AWS adapters built once per cold start, on first call. */
export const handler = (event: NotifyLevelEvent) => (live ??= createNotifyLevelHandler(awsDeps()))(event);
