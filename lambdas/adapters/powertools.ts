/** The Logger and Metrics ports on Powertools for AWS Lambda (structured JSON logs, EMF metrics), and its Tracer when SDK calls are traced. */
import { Logger as PowertoolsLoggerImpl } from '@aws-lambda-powertools/logger';
import { Metrics as PowertoolsMetricsImpl, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Logger, Metrics } from '../core/ports.ts';

export const METRICS_NAMESPACE = 'CrisisDesk';

export class PowertoolsLogger implements Logger {
  /** The underlying Powertools Logger, e.g. for `addContext(context)` in a handler. */
  readonly logger: PowertoolsLoggerImpl;

  constructor(props: { serviceName?: string; logger?: PowertoolsLoggerImpl } = {}) {
    this.logger = props.logger ?? new PowertoolsLoggerImpl({ serviceName: props.serviceName ?? 'crisis-desk' });
  }

  debug(message: string, attributes?: Record<string, unknown>): void {
    this.logger.debug(message, attributes ?? {});
  }

  info(message: string, attributes?: Record<string, unknown>): void {
    this.logger.info(message, attributes ?? {});
  }

  warn(message: string, attributes?: Record<string, unknown>): void {
    this.logger.warn(message, attributes ?? {});
  }

  error(message: string, attributes?: Record<string, unknown>): void {
    this.logger.error(message, attributes ?? {});
  }
}

export class PowertoolsMetrics implements Metrics {
  readonly metrics: PowertoolsMetricsImpl;

  constructor(props: { serviceName?: string; metrics?: PowertoolsMetricsImpl } = {}) {
    this.metrics =
      props.metrics ??
      // The stack sets the stage's namespace (CrisisDesk/<stage>) in the environment.
      new PowertoolsMetricsImpl({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE, serviceName: props.serviceName ?? 'crisis-desk' });
  }

  /**
   * Each count is written at once as its own EMF record (a single metric), so a handler needs no
   * flush step and dimensions (brand, source) never leak onto other metrics.
   */
  count(name: string, value = 1, dimensions?: Record<string, string>): void {
    const single = this.metrics.singleMetric();
    if (dimensions && Object.keys(dimensions).length > 0) single.addDimensions(dimensions);
    single.addMetric(name, MetricUnit.Count, value);
  }
}

/** The Logger and Metrics of one function, built once per cold start: `...powertools('fetch-mentions')`. */
export const powertools = (serviceName: string): { logger: PowertoolsLogger; metrics: PowertoolsMetrics } => ({
  logger: new PowertoolsLogger({ serviceName }),
  metrics: new PowertoolsMetrics({ serviceName }),
});

// Decided at synth (an esbuild define from the config's `tracing.sdkCalls`; unset in local runs):
// off, the branch is dead code and the Tracer, with the X-Ray SDK it is built on, is not in the
// bundle at all. On, esbuild inlines the import (no chunk of its own): it loads with the handler.
const sdkTracer =
  process.env.CRISIS_DESK_SDK_TRACING === 'true'
    ? new (await import('@aws-lambda-powertools/tracer')).Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'crisis-desk' })
    : undefined;

/**
 * An AWS SDK v3 client whose calls appear as X-Ray subsegments of the function's trace, when the
 * config turns `tracing.sdkCalls` on; otherwise the client itself. The Tracer turns itself off
 * outside Lambda (tests, local runs), so this is safe anywhere.
 */
export function traced<T>(client: T): T {
  return sdkTracer ? sdkTracer.captureAWSv3Client(client) : client;
}
