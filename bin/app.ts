/**
 * The CDK app: `npx cdk synth|deploy -c config=path/to/config.yaml -c stage=dev`.
 * An invalid config stops synth with the path of each bad field.
 */
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../lambdas/core/config.ts';
import { createCrisisDeskApp, DEFAULT_CONFIG_PATH, DEFAULT_STAGE } from '../lib/synth.ts';

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value ? value : undefined;
};

try {
  createCrisisDeskApp({ app, configPath: context('config') ?? DEFAULT_CONFIG_PATH, stage: context('stage') ?? DEFAULT_STAGE });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  // The message already lists each bad field; a stack trace would only bury it.
  console.error(err.message);
  process.exit(1);
}
app.synth();
