/**
 * Serves the action pages on 127.0.0.1 with node:http, so the links in the outbox emails work
 * locally. Each request becomes the same Lambda function URL event the handler gets in AWS, and
 * its result goes back as the HTTP response: the very same handler runs in both places.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';

export type FunctionUrlHandler = (event: LambdaFunctionURLEvent) => Promise<APIGatewayProxyStructuredResultV2 | string>;

export interface ServeActionsOptions {
  /** 0 picks a free port. */
  port: number;
  /** Loopback only by default: the pages act on Incidents. */
  host?: string;
  handler: FunctionUrlHandler;
  /** Bodies above this size are refused with 413 before the handler runs. @default 1 MiB */
  maxBodyBytes?: number;
  /** Told about handler failures (bugs: the handler maps its own errors to pages). @default console.error */
  onError?: (err: unknown) => void;
}

export interface ActionServer {
  /** e.g. "http://127.0.0.1:8787/": the base URL to sign links with. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The port is taken: say so plainly instead of a bare EADDRINUSE. */
export class PortInUseError extends Error {
  constructor(readonly host: string, readonly port: number) {
    super(`port ${port} on ${host} is in use (another crisis-desk serve or watch?); stop it or choose another with --port`);
    this.name = 'PortInUseError';
  }
}

export async function serveActions(options: ServeActionsOptions): Promise<ActionServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req, maxBody);
        if (body === undefined) {
          res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' }).end('Request body too large\n');
          return;
        }
        const answer = await options.handler(toEvent(req, body, host));
        // A function URL may answer with a bare string: 200, JSON content type.
        const result = typeof answer === 'string' ? { statusCode: 200, body: answer, headers: { 'content-type': 'application/json' } } : answer;
        const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
        const payload = result.body === undefined ? '' : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
        res.writeHead(result.statusCode ?? 200, headers);
        if (result.cookies?.length) res.setHeader('set-cookie', result.cookies);
        res.end(payload);
      } catch (err) {
        // The handler maps its own errors to pages; this is a bug, so say little and report it.
        (options.onError ?? ((e: unknown) => console.error('serve: handler failed', e)))(err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end('Internal error\n');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, options.port) : err));
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Reads the body, or undefined once it passes `max` bytes. */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The function URL payload (version 2.0) for one node:http request, as AWS would build it. */
export function toEvent(req: IncomingMessage, body: Buffer, host: string): LambdaFunctionURLEvent {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);
  const query: Record<string, string> = {};
  // Function URLs join repeated query parameters with commas.
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = new Date();
  const method = (req.method ?? 'GET').toUpperCase();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(cookies?.length && { cookies }),
    ...(url.search && { queryStringParameters: query }),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: req.headers.host ?? host,
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? host,
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: `local-${now.getTime().toString(36)}-${Math.floor(performance.now() * 1000).toString(36)}`,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    // Like AWS, a body is passed base64-encoded unless it is text; always encoding is simplest and exact.
    ...(body.length > 0 && { body: body.toString('base64'), isBase64Encoded: true }),
    ...(body.length === 0 && { isBase64Encoded: false }),
  } as LambdaFunctionURLEvent;
}
