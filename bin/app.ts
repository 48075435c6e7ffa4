/**
 * The CDK app: `npx cdk synth|deploy -c config=path/to/config.yaml -c stage=dev`.
 * An invalid config stops synth with the path of each bad field.
 */
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../lambdas/core/config.ts';
import { createCrisisDeskApp, DEFAULT_STAGE } from '../lib/synth.ts';

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value ? value : undefined;
};

const configPath = context('config');
if (!configPath) {
  // Never a silent default: deploying the example's owners and addresses by accident is worse than stopping.
  console.error('crisis-desk: say which config to deploy: npx cdk deploy -c config=config/acme.yaml -c stage=dev');
  process.exit(2);
}
try {
  createCrisisDeskApp({ app, configPath, stage: context('stage') ?? DEFAULT_STAGE });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  // The message already lists each bad field; a stack trace would only bury it.
  console.error(err.message);
  process.exit(1);
}
app.synth();
