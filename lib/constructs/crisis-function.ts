/**
 * One place for the Lambda defaults every crisis-desk function shares, in the spirit of
 * Powertools' FunctionWithLogGroup: newest Node runtime, ARM64, an explicit log group with
 * retention, active tracing (SDK call subsegments too when the config's `tracing.sdkCalls` is on),
 * a minified tree-shaken ESM bundle with source maps, the validated config inlined at bundle
 * time, and a role that may write only its own logs.
 */
import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import type { Config } from '../../lambdas/core/config.ts';
import { acknowledgeTracing } from './nag-acknowledgements.ts';

/** The newest Node.js runtime this aws-cdk-lib offers (cdk-nag AwsSolutions-L1 flags older ones). */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;
/** Powertools metrics namespace: alarms and the dashboard read the same one. */
export const METRICS_NAMESPACE = 'CrisisDesk';

/** The construct-tree context key the stack sets to its stage. */
export const STAGE_CONTEXT = 'crisis-desk:stage';

/**
 * The metrics namespace of the stage `scope` belongs to (`CrisisDesk/prod`): two stages in one
 * account must not trip each other's alarms or share a dashboard's numbers.
 */
export function metricsNamespaceOf(scope: IConstruct): string {
  const stage = scope.node.tryGetContext(STAGE_CONTEXT) as string | undefined;
  return stage ? `${METRICS_NAMESPACE}/${stage}` : METRICS_NAMESPACE;
}

// ESM output: packages that still call require() (CommonJS ones such as the X-Ray SDK under the Tracer)
// get a real one back.
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __crisisDeskCreateRequire } from 'node:module'; const require = __crisisDeskCreateRequire(import.meta.url);";

/**
 * The lexicon analyser as a chunk of its own beside the handler's index.mjs, imported on first
 * use (lambdas/adapters/lazy-analyzer.ts): a function that scores with Comprehend loads VADER's
 * word list only for a language Comprehend cannot score. esbuild's define tells the handler the
 * chunk's path; the chunk is built after bundling with the same options.
 */
export const LEXICON_CHUNK = {
  file: 'lexicon.mjs',
  entry: 'lambdas/adapters/lexicon-analyzer.ts',
  define: 'process.env.CRISIS_DESK_LEXICON_CHUNK',
} as const;

/**
 * The esbuild options every crisis-desk bundle is built with (NodejsFunction's props below say
 * the same in its own words; the bench builds with these to measure what deploys).
 */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  banner: { js: ESM_REQUIRE_BANNER },
  // The Lambda Node.js runtime provides the AWS SDK v3 (NodejsFunction's default for Node 18+).
  external: ['@aws-sdk/*'],
} as const;

/**
 * The expression lambdas/adapters/powertools.ts tests to trace AWS SDK calls: a constant in the
 * bundle, so esbuild drops the Tracer and the X-Ray SDK when the config leaves it off.
 */
export const SDK_TRACING_DEFINE = 'process.env.CRISIS_DESK_SDK_TRACING';

/**
 * The esbuild defines that come from the config: the config itself (double-encoded: define takes
 * a JS expression, here a string literal), and whether SDK calls are traced (`tracing.sdkCalls`).
 */
export const configDefine = (config: Config): Record<string, string> => ({
  'process.env.CRISIS_DESK_CONFIG': JSON.stringify(JSON.stringify(config)),
  [SDK_TRACING_DEFINE]: JSON.stringify(String(config.tracing.sdkCalls)),
});

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The shell command building the lexicon chunk into `outputDir` with the locally installed esbuild. */
export function lexiconChunkCommand(inputDir: string, outputDir: string): string {
  const o = ESBUILD_OPTIONS;
  const args = [
    path.posix.join(inputDir, LEXICON_CHUNK.entry),
    '--bundle', `--platform=${o.platform}`, `--format=${o.format}`, `--target=${o.target}`, `--main-fields=${o.mainFields.join(',')}`,
    '--minify', '--sourcemap', '--sources-content=false', ...o.external.map((e) => `--external:${e}`),
    `--banner:js=${o.banner.js}`, `--outfile=${path.posix.join(outputDir, LEXICON_CHUNK.file)}`, '--log-level=warning',
  ];
  return [path.posix.join(inputDir, 'node_modules/.bin/esbuild'), ...args].map(shellQuote).join(' ');
}

export interface CrisisFunctionProps extends Omit<NodejsFunctionProps, 'runtime' | 'architecture' | 'tracing' | 'logGroup' | 'role'> {
  /** Path of the handler entry file (lambdas/handlers/*.ts). */
  readonly entry: string;
  /** The validated config, inlined into the bundle as `process.env.CRISIS_DESK_CONFIG`. */
  readonly config: Config;
  /** Powertools service name (the `service` log key and metric dimension): the handler's own `powertools('...')` name. */
  readonly serviceName: string;
  /**
   * How long the function's logs are kept: they can quote mention text (personal data).
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Files a handler reads from node_modules at run time (WebAssembly, fonts), as paths below
   * node_modules, e.g. `@resvg/resvg-wasm/index_bg.wasm`. Copied from the local node_modules
   * into the bundle with each package's package.json, so `require.resolve` finds them: no
   * `npm install` and no network at synth.
   * @default none
   */
  readonly packageFiles?: readonly string[];
  /**
   * Build the lexicon analyser as a lazily loaded chunk beside the bundle (see LEXICON_CHUNK):
   * for handlers that import it through `lazyLexicon()`.
   * @default false
   */
  readonly lexiconChunk?: boolean;
}

/** The package name of a path below node_modules (`@scope/name/...` or `name/...`). */
export function packageOf(file: string): string {
  const parts = file.split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Shell commands copying `files` (below node_modules) and their packages' package.json into the bundle. */
export function copyPackageFilesCommands(inputDir: string, outputDir: string, files: readonly string[]): string[] {
  const packages = [...new Set(files.map(packageOf))].map((pkg) => `${pkg}/package.json`);
  return [...packages, ...files].map((file) => {
    const from = path.posix.join(inputDir, 'node_modules', file);
    const to = path.posix.join(outputDir, 'node_modules', file);
    return `mkdir -p "${path.posix.dirname(to)}" && cp "${from}" "${to}"`;
  });
}

export class CrisisFunction extends NodejsFunction {
  /** The execution role: log writing and X-Ray only, until the stack grants more. */
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: CrisisFunctionProps) {
    const { config, serviceName, logRetention, packageFiles = [], lexiconChunk = false, bundling, environment, ...rest } = props;
    // Created beside the function (not under it) because they must exist before super().
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `crisis-desk ${id} function`,
    });
    logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');

    super(scope, id, {
      memorySize: 512,
      timeout: Duration.seconds(60),
      ...rest,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      environment: {
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespaceOf(scope),
        NODE_OPTIONS: '--enable-source-maps',
        ...environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        banner: ESM_REQUIRE_BANNER,
        define: { ...configDefine(config), ...(lexiconChunk && { [LEXICON_CHUNK.define]: JSON.stringify(`./${LEXICON_CHUNK.file}`) }) },
        ...(lexiconChunk && { externalModules: [...ESBUILD_OPTIONS.external, `./${LEXICON_CHUNK.file}`] }),
        ...((packageFiles.length > 0 || lexiconChunk) && {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (inputDir: string, outputDir: string) => [
              ...copyPackageFilesCommands(inputDir, outputDir, packageFiles),
              ...(lexiconChunk ? [lexiconChunkCommand(inputDir, outputDir)] : []),
            ],
          },
        }),
        ...bundling,
      },
    });
    this.executionRole = role;
    acknowledgeTracing(role);
  }
}
