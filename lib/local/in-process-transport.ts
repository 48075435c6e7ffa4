/**
 * An SDK request handler that hands each request to an in-process HTTP request listener (the
 * embedded DynamoDB's own) instead of a socket: the same client, middleware, serialisation and
 * server code run, without the loopback TCP round trip. For runs that own their embedded
 * database alone (replay), where the socket is most of a call's cost.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The parts of the SDK's HttpRequest this handler reads. */
interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/** The SDK's HttpResponse shape (its deserialisers read these three). */
interface SdkResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** The request as the listener sees it: method, url, lower-cased headers, the body as one chunk. */
class InProcessRequest extends EventEmitter {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly headers: Record<string, string>,
  ) {
    super();
  }
}

/** The response the listener writes: status, headers and the body it ends with. */
class InProcessResponse {
  statusCode = 200;
  readonly headers: Record<string, string> = {};
  constructor(private readonly done: (res: SdkResponse) => void) {}
  setHeader(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }
  end(body?: string | Uint8Array): this {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : (body ?? new Uint8Array());
    this.done({ statusCode: this.statusCode, headers: this.headers, body: bytes });
    return this;
  }
}

const queryString = (query: SdkRequest['query']): string => {
  const pairs = Object.entries(query ?? {}).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((x) => (x === null ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(x)}`)),
  );
  return pairs.length ? `?${pairs.join('&')}` : '';
};

const bodyBytes = (body: unknown): Buffer | undefined => {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError(`in-process transport: unsupported request body (${typeof body}); only strings and bytes are sent`);
};

/**
 * What a call to a server in this process does not need: SigV4 signing (dynalite checks that an
 * Authorization header is there, never its signature: a fixed one is sent), retries (there is no
 * network to fail and no throttling), the user agent, X-Ray recursion detection and the SDK's
 * logger. Half of a call's time here went to these and the socket.
 */
export function trimForInProcess(client: DynamoDBClient): void {
  const stack = client.middlewareStack;
  for (const name of ['httpSigningMiddleware', 'retryMiddleware', 'getUserAgentMiddleware', 'recursionDetectionMiddleware', 'loggerMiddleware']) stack.remove(name);
  stack.add(
    (next) => (args) => {
      const request = args.request as SdkRequest;
      request.headers['authorization'] = 'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0';
      request.headers['x-amz-date'] = '20260101T000000Z';
      return next(args);
    },
    { step: 'finalizeRequest', name: 'inProcessAuthorization' },
  );
}

/** A request handler for an SDK client's `requestHandler` option. */
export function inProcessRequestHandler(listener: RequestListener) {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    handle(request: SdkRequest): Promise<{ response: SdkResponse }> {
      return new Promise((resolve, reject) => {
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
        const req = new InProcessRequest(request.method, `${request.path}${queryString(request.query)}`, headers);
        const res = new InProcessResponse((response) => resolve({ response }));
        try {
          listener(req as unknown as IncomingMessage, res as unknown as ServerResponse);
          const body = bodyBytes(request.body);
          if (body?.length) req.emit('data', body);
          req.emit('end');
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    },
    updateHttpClientConfig(): void {},
    httpHandlerConfigs(): Record<string, never> {
      return {};
    },
    destroy(): void {},
  };
}
