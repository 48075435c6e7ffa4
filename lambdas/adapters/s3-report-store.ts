/** ReportStore on S3: one object per report file. */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ReportStore } from '../core/ports.ts';

export interface S3ReportStoreProps {
  client: S3Client;
  bucket: string;
  /** Key prefix, e.g. "reports/". @default none */
  prefix?: string;
  /** When set, put() returns `${publicBaseUrl}/${key}` (a CloudFront or presigning front) instead of s3://. */
  publicBaseUrl?: string;
  /**
   * When set (and no publicBaseUrl), put() returns the object's S3 console address in this region:
   * a link people with access to the account can click, without making the bucket public.
   */
  consoleRegion?: string;
}

export class S3ReportStore implements ReportStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #publicBaseUrl: string | undefined;
  readonly #consoleRegion: string | undefined;

  constructor(props: S3ReportStoreProps) {
    this.#client = props.client;
    this.#bucket = props.bucket;
    this.#prefix = props.prefix ?? '';
    this.#publicBaseUrl = props.publicBaseUrl?.replace(/\/+$/, '');
    this.#consoleRegion = props.consoleRegion;
  }

  /** Stores the body under prefix + key and returns where it is. */
  async put(key: string, body: string | Uint8Array, contentType: string): Promise<string> {
    const objectKey = `${this.#prefix}${key.replace(/^\/+/, '')}`;
    await this.#client.send(
      new PutObjectCommand({ Bucket: this.#bucket, Key: objectKey, Body: body, ContentType: contentType }),
    );
    const encodedKey = objectKey.split('/').map(encodeURIComponent).join('/');
    if (this.#publicBaseUrl) return `${this.#publicBaseUrl}/${encodedKey}`;
    if (this.#consoleRegion)
      return `https://${this.#consoleRegion}.console.aws.amazon.com/s3/object/${encodeURIComponent(this.#bucket)}?region=${encodeURIComponent(this.#consoleRegion)}&prefix=${encodeURIComponent(objectKey)}`;
    return `s3://${this.#bucket}/${objectKey}`;
  }
}
