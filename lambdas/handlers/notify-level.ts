/**
 * The escalation flow's `.waitForTaskToken` task (NotifyLevel, AwaitResolution, Remind):
 * `{ incidentId, position, mode, taskToken }`. Emails the Level and keeps the token; the flow
 * goes on when the ack endpoint answers the token, or when the task times out.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { awsFlowCallback, awsStores, requireStore, systemClock } from '../adapters/aws-ports.ts';
import { loadBundledConfig } from '../adapters/bundled-config.ts';
import { requireEnv } from '../adapters/env.ts';
import { powertools, traced } from '../adapters/powertools.ts';
import { SecretsManagerReader } from '../adapters/secrets.ts';
import { SesMailer } from '../adapters/ses-mailer.ts';
import { createLinkSigner } from '../core/links.ts';
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
  const secrets = new SecretsManagerReader({ client: traced(new SecretsManagerClient({})) });
  const secretArn = requireEnv('LINK_SECRET_ARN');
  const baseUrl = requireEnv('ACTION_BASE_URL');
  const stores = awsStores(config);
  return {
    config,
    clock: systemClock,
    incidents: requireStore(stores, 'incidents'),
    mentions: requireStore(stores, 'mentions'),
    mailer: new SesMailer({ client: traced(new SESv2Client({})) }),
    // Not awsFlows(): the state machine invokes this function, so its ARN cannot be in its environment.
    callbacks: awsFlowCallback(),
    // The reader caches the secret per container; a rotated secret is picked up within its TTL.
    links: async () => ({ baseUrl, signer: createLinkSigner(await secrets.getText(secretArn)) }),
    ...powertools('notify-level'),
  };
}

let live: ReturnType<typeof createNotifyLevelHandler> | undefined;
/** Lambda entry: AWS adapters built once per cold start, on first call. */
export const handler = (event: NotifyLevelEvent) => (live ??= createNotifyLevelHandler(awsDeps()))(event);
