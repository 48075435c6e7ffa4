/**
 * The secrets the functions read: the link-signing key (generated, never leaves Secrets
 * Manager) and one secret per source that names `secret` in the config (a generated
 * placeholder the engineer replaces with the platform's credentials after the first deploy).
 * No value is ever in the template: CloudFormation asks Secrets Manager to generate it.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SourceConfig } from '../../lambdas/core/config.ts';

export interface CrisisSecretsProps {
  readonly sources: readonly SourceConfig[];
}

const NO_ROTATION = {
  link:
    'The link-signing key signs acknowledge/resolve links that stay valid for days; rotating it would break links already in inboxes. Rotate by hand with put-secret-value after incidents close.',
  source:
    'Holds third-party API credentials (X, Reddit, Meta, LinkedIn ...) issued by each platform\'s console; Secrets Manager cannot rotate them without a per-platform rotation function.',
};

export class CrisisSecrets extends Construct {
  readonly linkSigning: secretsmanager.Secret;
  /** By source id, only for sources that name a secret in the config. */
  readonly sourceSecrets: ReadonlyMap<string, secretsmanager.Secret>;

  constructor(scope: Construct, id: string, props: CrisisSecretsProps) {
    super(scope, id);
    this.linkSigning = new secretsmanager.Secret(this, 'LinkSigning', {
      description: 'crisis-desk: HMAC key that signs acknowledge/resolve links',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.linkSigning).acknowledge({ id: 'AwsSolutions-SMG4', reason: NO_ROTATION.link });

    const sourceSecrets = new Map<string, secretsmanager.Secret>();
    for (const source of props.sources) {
      if (!source.secret) continue;
      const secret = new secretsmanager.Secret(this, `Source-${source.id}`, {
        description: `crisis-desk: credentials of source "${source.id}" (${source.kind}; config secret "${source.secret}"). Replace the placeholder JSON.`,
        // A placeholder shape, not a value: the engineer puts the real JSON in after deploy.
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ source: source.id, kind: source.kind }),
          generateStringKey: 'placeholder',
          excludePunctuation: true,
        },
        removalPolicy: RemovalPolicy.DESTROY,
      });
      Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: NO_ROTATION.source });
      sourceSecrets.set(source.id, secret);
    }
    this.sourceSecrets = sourceSecrets;
  }
}
