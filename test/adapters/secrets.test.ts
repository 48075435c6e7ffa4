import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EnvSecretReader,
  SecretFormatError,
  SecretNotFoundError,
  SecretsManagerReader,
  secretEnvVar,
} from '../../lambdas/adapters/secrets.ts';
import { fakeClientConfig, startFakeAws, type FakeAwsServer } from './fake-aws-server.ts';

const SECRETS: Record<string, string> = {
  'x-api': '{"bearerToken":"AAAA-super-secret","retries":3}',
  broken: 'hunter2-not-json',
  nested: '{"a":{"b":"hunter2"}}',
  'link-signing': 'k3y',
};

describe('Class: SecretsManagerReader', () => {
  let server: FakeAwsServer;
  let client: SecretsManagerClient;
  let now = Date.parse('2025-03-03T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const calls = (name: string) =>
    server.requests.filter((r) => (JSON.parse(r.body.toString()) as { SecretId: string }).SecretId === name).length;

  beforeAll(async () => {
    server = await startFakeAws((req) => {
      const { SecretId } = JSON.parse(req.body.toString()) as { SecretId: string };
      const headers = { 'content-type': 'application/x-amz-json-1.1' };
      const value = SECRETS[SecretId];
      if (value === undefined) {
        return { status: 400, headers, body: JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not found' }) };
      }
      return { headers, body: JSON.stringify({ Name: SecretId, SecretString: value }) };
    });
    client = new SecretsManagerClient(fakeClientConfig(server.endpoint));
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  describe('Method: get', () => {
    it('parses the JSON secret into string values', async () => {
      const reader = new SecretsManagerReader({ client, clock });
      expect(await reader.get('x-api')).toEqual({ bearerToken: 'AAAA-super-secret', retries: '3' });
      expect(server.requests.at(-1)!.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    });

    it('reuses a value for 5 minutes, with one call for concurrent first reads, then reads again', async () => {
      const reader = new SecretsManagerReader({ client, clock });
      const before = calls('x-api');
      await Promise.all([reader.get('x-api'), reader.get('x-api'), reader.get('x-api')]);
      now += 4 * 60_000;
      await reader.get('x-api');
      expect(calls('x-api') - before).toBe(1);
      now += 60_000;
      await reader.get('x-api');
      expect(calls('x-api') - before).toBe(2);
    });

    it.each([
      ['broken', 'is not valid JSON'],
      ['nested', 'non-scalar value under key "a"'],
    ])('refuses the malformed secret %s without quoting its value', async (name, why) => {
      const err = await new SecretsManagerReader({ client, clock }).get(name).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SecretFormatError);
      expect((err as Error).message).toContain(why);
      expect(JSON.stringify(err, Object.getOwnPropertyNames(err))).not.toContain('hunter2');
      expect((err as Error).cause).toBeUndefined();
    });

    it('does not cache a failure', async () => {
      const reader = new SecretsManagerReader({ client, clock });
      await expect(reader.get('missing')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(reader.get('missing')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      expect(calls('missing')).toBe(2);
    });
  });

  describe('Method: getText', () => {
    it('returns a plain secret as it is', async () => {
      expect(await new SecretsManagerReader({ client, clock }).getText('link-signing')).toBe('k3y');
    });
  });
});

describe('Class: EnvSecretReader', () => {
  const env = {
    X_API_BEARER_TOKEN: 'tok',
    REDDIT_CLIENT_ID: 'id',
    REDDIT_CLIENT_SECRET: 'sec',
    REDDIT_USER_AGENT: '',
    LINK_SIGNING: 'k3y',
    OTHER: 'x',
  };

  describe('Method: get', () => {
    it('maps <SECRET>_<KEY> variables to camelCase keys', async () => {
      const reader = new EnvSecretReader({ env });
      expect(await reader.get('x-api')).toEqual({ bearerToken: 'tok' });
      expect(await reader.get('reddit')).toEqual({ clientId: 'id', clientSecret: 'sec' });
      expect(await reader.get('nothing-set')).toEqual({});
    });
  });

  describe('Method: getText', () => {
    it('reads the variable named after the secret, and names it when missing', async () => {
      const reader = new EnvSecretReader({ env });
      expect(await reader.getText('link-signing')).toBe('k3y');
      await expect(reader.getText('absent-key')).rejects.toThrow(new SecretNotFoundError('absent-key', 'environment variable ABSENT_KEY'));
    });
  });
});

describe('Function: secretEnvVar', () => {
  it.each([
    ['x-api', 'bearerToken', 'X_API_BEARER_TOKEN'],
    ['facebook', 'pageAccessToken', 'FACEBOOK_PAGE_ACCESS_TOKEN'],
    ['bsky.main', 'appPassword', 'BSKY_MAIN_APP_PASSWORD'],
  ])('maps %s / %s to %s, which EnvSecretReader reads back', async (name, key, variable) => {
    expect(secretEnvVar(name, key)).toBe(variable);
    expect(await new EnvSecretReader({ env: { [variable]: 'v' } }).get(name)).toEqual({ [key]: 'v' });
  });
});
