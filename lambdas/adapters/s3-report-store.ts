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
}

export class S3ReportStore implements ReportStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #publicBaseUrl: string | undefined;

  constructor(props: S3ReportStoreProps) {
    this.#client = props.client;
    this.#bucket = props.bucket;
    this.#prefix = props.prefix ?? '';
    this.#publicBaseUrl = props.publicBaseUrl?.replace(/\/+$/, '');
  }

  /** Stores the body under prefix + key and returns where it is. */
  async put(key: string, body: string | Uint8Array, contentType: string): Promise<string> {
    const objectKey = `${this.#prefix}${key.replace(/^\/+/, '')}`;
    await this.#client.send(
      new PutObjectCommand({ Bucket: this.#bucket, Key: objectKey, Body: body, ContentType: contentType }),
    );
    const encodedKey = objectKey.split('/').map(encodeURIComponent).join('/');
    return this.#publicBaseUrl ? `${this.#publicBaseUrl}/${encodedKey}` : `s3://${this.#bucket}/${objectKey}`;
  }
}
