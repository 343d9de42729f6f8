// `-v/--verbose` (repeat for more: -vv info, -vvv debug, -vvvv trace, as the Go CLI counts them) and
// `--unsafe-trace`. Log lines go to stderr as `[LEVEL] message`. Trace shows HTTP headers and bodies
// with the Authorization header and every secret-looking field masked; --unsafe-trace shows them
// as they are (it may print secrets, hence the name).
export const LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LEVELS)[number];

export const MASK = '[MASKED]';
const SECRET_KEY = /secret|password|token|credential|authorization|private|passphrase/i;

export class CliLog {
  constructor(
    private readonly write: (text: string) => void,
    /** How many -v flags were given (0: errors only). */
    readonly verbosity: number,
    readonly unsafe = false,
  ) {}

  static silent(): CliLog {
    return new CliLog(() => undefined, 0);
  }

  enabled(level: LogLevel): boolean {
    return this.unsafe || LEVELS.indexOf(level) <= this.verbosity;
  }

  log(level: LogLevel, message: string): void {
    if (this.enabled(level)) this.write(`[${level.toUpperCase()}] ${message}\n`);
  }

  /** A JSON body (or text) for a trace line: secret-looking fields masked unless --unsafe-trace. */
  body(value: unknown): string {
    if (typeof value === 'string') {
      if (this.unsafe) return value;
      try {
        return JSON.stringify(maskSecrets(JSON.parse(value)));
      } catch {
        return value;
      }
    }
    return JSON.stringify(this.unsafe ? value : maskSecrets(value));
  }

  headers(headers: Record<string, string>): string {
    const shown = Object.entries(headers).map(([k, v]) =>
      !this.unsafe && SECRET_KEY.test(k) ? [k, `${v.split(' ')[0]} ${MASK}`] : [k, v],
    );
    return JSON.stringify(Object.fromEntries(shown));
  }
}

/** A copy with the values of secret-looking keys (at any depth) replaced by [MASKED]. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && typeof v === 'string' ? MASK : maskSecrets(v)]),
    );
  return value;
}
