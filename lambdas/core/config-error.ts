/** An invalid config: each issue names the field path and why. Kept apart from the schema so that code
 * which only reports config errors does not pull the schema library into a Lambda bundle. */
export class ConfigError extends Error {
  constructor(readonly issues: { path: string; message: string }[], origin = 'config') {
    super(`${origin} is invalid:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
