// Per-invocation state: the config file, the context in force (--context, the current one, or the
// CONNECTPLANE_* variables), the environment and cluster a command acts on, and prompts.
import { createInterface } from 'node:readline';
import { ConfigFile, configPath, environmentState, type Context } from './config/config-file';
import { ApiClient, type Credentials } from './http/api-client';
import { CliLog } from './output/log';
import { CliError } from './errors';
import { Printer, type Format } from './output/printer';
import type { CliIo } from './io';

export const BIN = 'connectplane';
const LOG_TRACE = 4;

export interface ContextFlags {
  context?: string;
}

export class Session {
  private configFile?: ConfigFile;
  private fromEnv?: Context;
  /** -v/--unsafe-trace of the command being run (set before its action). */
  log: CliLog = CliLog.silent();

  constructor(readonly io: CliIo) {}

  setVerbosity(verbosity: number, unsafeTrace: boolean): void {
    this.log = new CliLog(this.io.stderr, unsafeTrace ? LOG_TRACE : verbosity, unsafeTrace);
  }

  /** An HTTP client that logs through -v/--unsafe-trace. */
  client(url: string, credentials: Credentials): ApiClient {
    return new ApiClient(url, credentials, this.log);
  }

  get config(): ConfigFile {
    this.configFile ??= ConfigFile.load(configPath(this.io.env));
    return this.configFile;
  }

  printer(format: Format = 'human'): Printer {
    return new Printer({ stdout: this.io.stdout, stderr: this.io.stderr }, format);
  }

  /** A context from the CONNECTPLANE_* variables, when all three are set: CI without `login`. */
  envContext(): Context | undefined {
    const { CONNECTPLANE_URL: url, CONNECTPLANE_API_KEY: key, CONNECTPLANE_API_SECRET: secret } = this.io.env;
    if (!url || !key || !secret) return undefined;
    return { name: contextName(key, url), url, api_key: key, api_secret: secret, environments: {} };
  }

  /** The context a command runs in; its changes are saved only if it is a stored one. */
  context(flags: ContextFlags = {}): Context {
    const data = this.config.data;
    const name = flags.context ?? data.current_context;
    if (flags.context && !data.contexts[flags.context]) throw new CliError(`context "${flags.context}" does not exist`);
    const stored = name ? data.contexts[name] : undefined;
    const fromEnv = this.envContext();
    if (stored && (flags.context || !fromEnv || sameLogin(stored, fromEnv))) return stored;
    if (fromEnv) {
      const kept = data.contexts[fromEnv.name];
      if (kept && kept.api_secret === fromEnv.api_secret) return kept;
      return (this.fromEnv = fromEnv);
    }
    throw new CliError('you must log in to use this command', [
      `Log in with \`${BIN} login --url <url> --api-key <key> --api-secret <secret>\`, or set CONNECTPLANE_URL, CONNECTPLANE_API_KEY and CONNECTPLANE_API_SECRET.`,
    ]);
  }

  /** Saves the file; a context from the CONNECTPLANE_* variables is kept once a command sets a default in it. */
  save(): void {
    const ctx = this.fromEnv;
    if (ctx && !this.config.data.contexts[ctx.name]) this.config.data.contexts[ctx.name] = ctx;
    this.config.save();
  }

  cloud(ctx: Context): ApiClient {
    return this.client(ctx.url, { key: ctx.api_key, secret: ctx.api_secret });
  }

  environmentId(ctx: Context, flag?: string): string {
    const id = flag ?? ctx.current_environment;
    if (!id)
      throw new CliError('no environment selected', [
        `Select an environment with \`${BIN} environment use <id>\` or pass \`--environment\`.`,
      ]);
    return id;
  }

  clusterId(ctx: Context, envId: string, flag?: string): string {
    const id = flag ?? environmentState(ctx, envId).active_kafka;
    if (!id)
      throw new CliError('no Kafka cluster selected', [
        `Select a Kafka cluster with \`${BIN} kafka cluster use <id>\` or pass \`--cluster\`.`,
      ]);
    return id;
  }

  /** `(y/n)` on stdin; a closed stdin answers no. */
  async confirm(question: string): Promise<boolean> {
    this.io.stdout(question);
    const rl = createInterface({ input: this.io.stdin, terminal: false });
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    rl.close();
    return /^y(es)?$/i.test(answer.trim());
  }
}

export const contextName = (key: string, url: string) => `login-${key}-${url}`;

const sameLogin = (a: Context, b: Context) => a.api_key === b.api_key && a.url === b.url;
