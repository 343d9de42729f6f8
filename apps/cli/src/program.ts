// The command tree. `run` parses argv, runs one command and maps the outcome to an exit code:
// 0 on success (and for --help), 1 for any error, printed as `Error: <message>` on stderr.
import { Command, CommanderError, Option } from 'commander';
import { CliError } from './errors';
import { colorEnabled, red, type CliIo } from './io';
import { BIN, Session } from './session';
import { loginCommands } from './commands/login';
import { contextCommands } from './commands/context';
import { environmentCommands } from './commands/environment';
import { kafkaClusterCommands } from './commands/kafka-cluster';
import { apiKeyCommands } from './commands/api-key';
import { serviceAccountCommands } from './commands/service-account';
import { kafkaTopicCommands, topicConfigurationCommands } from './commands/kafka-topic';
import { topicProduceCommand } from './commands/topic-produce';
import { topicConsumeCommand } from './commands/topic-consume';
import { connectPluginCommands } from './commands/connect-plugin';
import { connectClusterCommands } from './commands/connect-cluster';
import { connectOffsetCommands } from './commands/connect-offset';
import { connectApplyCommand } from './commands/connect-apply';
import { connectLogsCommands } from './commands/connect-logs';
import { schemaRegistryCommands } from './commands/schema-registry';
import { completionCommands } from './commands/completion';

export const VERSION = '0.1.0';

export function buildProgram(session: Session): Command {
  const program = new Command(BIN)
    .description('Manage connectplane: environments, Kafka clusters, API keys, topics and managed connectors.')
    .version(VERSION, '--version', 'Show the version.')
    .helpOption('-h, --help', 'Show help for this command.')
    .helpCommand('help [command]', 'Show help for a command.')
    .showSuggestionAfterError(true)
    // the root's own options (--version) only before a subcommand: `schema describe --version 1` is the subcommand's
    .enablePositionalOptions();
  loginCommands(program, session);
  contextCommands(program, session);
  environmentCommands(program, session);
  serviceAccountCommands(program, session);
  apiKeyCommands(program, session);
  const kafka = program.command('kafka').description('Manage Apache Kafka.');
  kafkaClusterCommands(kafka, session);
  const topic = kafka.command('topic').description('Manage Kafka topics.');
  kafkaTopicCommands(topic, session);
  topicProduceCommand(topic, session);
  topicConsumeCommand(topic, session);
  topicConfigurationCommands(topic, session);
  const connect = program.command('connect').description('Manage Kafka Connect.');
  connectClusterCommands(connect, session);
  connectPluginCommands(connect, session);
  connectOffsetCommands(connect, session);
  connectApplyCommand(connect, session);
  connectLogsCommands(connect, session);
  schemaRegistryCommands(program, session);
  completionCommands(program, session);
  program.addHelpText(
    'after',
    `\nExit status: 0 on success (and for --help), 1 on any error, usage errors included; the error is one\n` +
      `line on stderr, "Error: <message>", with suggestions below it when there are any.`,
  );
  // -v/--unsafe-trace of the command being run (or of the root, given before the command)
  program.hook('preAction', (_root, action) => {
    const o = action.optsWithGlobals<{ verbose?: number; unsafeTrace?: boolean }>();
    session.setVerbosity(o.verbose ?? 0, Boolean(o.unsafeTrace));
  });
  return program;
}

/** The Go CLI's global flags, on the root and on every command that runs something. */
function addLogFlags(cmd: Command): void {
  cmd
    .addOption(
      new Option(
        '-v, --verbose',
        'Increase verbosity (-v for warn, -vv for info, -vvv for debug: HTTP requests, -vvvv for trace: headers and bodies, secrets masked).',
      ).argParser((_: string, previous: number = 0) => previous + 1),
    )
    .addOption(
      new Option(
        '--unsafe-trace',
        'Equivalent to -vvvv, but also logs secrets (Authorization, API secrets, passwords) unmasked.',
      ),
    );
}

/** Applies the same I/O, help flag and error handling to every command of the tree. */
function configureTree(cmd: Command, io: CliIo): void {
  cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined });
  if (cmd.name() === '__complete') return;
  cmd
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined })
    .helpOption('-h, --help', 'Show help for this command.');
  if (!cmd.parent || cmd.commands.length === 0) addLogFlags(cmd);
  for (const sub of cmd.commands) if (sub.name() !== '__complete') configureTree(sub, io);
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const session = new Session(io);
  const program = buildProgram(session);
  configureTree(program, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      // commander's own usage errors ("error: unknown option …"): same one-line form as ours
      io.stderr(`${red('Error:', colorEnabled(io, 'stderr'))} ${e.message.replace(/^error: /, '')}\n`);
      return 1;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(`${red('Error:', colorEnabled(io, 'stderr'))} ${err.message}\n`);
    if (e instanceof CliError && e.suggestions.length > 0)
      io.stderr(`\nSuggestions:\n${e.suggestions.map((s) => `    ${s}`).join('\n')}\n`);
    if (!(e instanceof CliError) && io.env.CONNECTPLANE_DEBUG) io.stderr(`${err.stack}\n`);
    return 1;
  }
}
