/** An error the CLI reports as `Error: <message>` (plus optional suggestions) and exit code 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly suggestions: string[] = [],
  ) {
    super(message);
  }
}
