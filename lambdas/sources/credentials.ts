/**
 * The credential keys each connector reads from its secret (a JSON object in Secrets Manager,
 * environment variables locally). One table, used by the connectors and by `sources check`.
 */
import type { SourceConfig } from '../core/config.ts';
import type { SourceKind } from '../core/mention.ts';
import { SourceError } from '../core/ports.ts';

export interface CredentialSpec {
  key: string;
  /** Whether this config needs it (e.g. Mastodon tag timelines are public, search is not). */
  required: (config: SourceConfig) => boolean;
  description: string;
}

const always = () => true;
const never = () => false;

export const CREDENTIALS: Record<SourceKind, readonly CredentialSpec[]> = {
  rss: [],
  import: [],
  hackernews: [],
  x: [{ key: 'bearerToken', required: always, description: 'X API v2 app-only Bearer Token (developer portal > Projects & Apps > Keys and tokens)' }],
  reddit: [
    { key: 'clientId', required: always, description: 'client id of a Reddit "script" or "web" app (reddit.com/prefs/apps)' },
    { key: 'clientSecret', required: always, description: 'the app\'s secret' },
    { key: 'userAgent', required: never, description: 'User-Agent Reddit asks for, e.g. "web:crisis-desk:1.0 (by /u/you)"' },
  ],
  mastodon: [
    {
      key: 'accessToken',
      required: (c) => c.kind === 'mastodon' && (c.query !== undefined || c.notifications),
      description: 'access token of an application on the instance (Preferences > Development), scope read',
    },
  ],
  bluesky: [
    { key: 'identifier', required: always, description: 'the account handle or DID, e.g. acme.bsky.social' },
    { key: 'appPassword', required: always, description: 'an app password (Settings > Privacy and security > App passwords)' },
  ],
  facebook: [
    { key: 'pageAccessToken', required: always, description: 'a long-lived Page access token with pages_read_engagement and pages_read_user_content' },
  ],
  linkedin: [
    { key: 'accessToken', required: always, description: 'OAuth 2.0 token of a page admin with r_organization_social_feed (Community Management API; expires after 60 days)' },
  ],
};

export class MissingCredentialsError extends SourceError {
  constructor(sourceId: string, readonly missing: string[], secretName: string | undefined) {
    super(
      sourceId,
      '(no request made)',
      `missing credentials ${missing.join(', ')}${secretName ? ` in secret "${secretName}"` : ' (the source names no secret)'}`,
    );
    this.name = 'MissingCredentialsError';
  }
}

/** Keys this config needs that the credentials lack. */
export function missingCredentials(config: SourceConfig, credentials: Record<string, string>): string[] {
  return CREDENTIALS[config.kind].filter((s) => s.required(config) && !credentials[s.key]).map((s) => s.key);
}

/** Throws MissingCredentialsError naming every missing key. */
export function requireCredentials(config: SourceConfig, credentials: Record<string, string>): void {
  const missing = missingCredentials(config, credentials);
  if (missing.length) throw new MissingCredentialsError(config.id, missing, config.secret);
}
