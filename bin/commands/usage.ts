/** A command-line mistake: printed with a pointer to the usage, exit code 2. */
export class UsageError extends Error {
  /** Already printed (by commander, with the help pointer): the CLI prints nothing more. */
  readonly printed: boolean;

  constructor(message: string, options: { printed?: boolean } = {}) {
    super(message);
    this.name = 'UsageError';
    this.printed = options.printed ?? false;
  }
}
