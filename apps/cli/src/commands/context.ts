// `context list/describe/use/update/delete`: the saved logins (CLI.md §3.3).
import { Command, Option } from 'commander';
import { CliError } from '../errors';
import type { Session } from '../session';
import type { Context } from '../config/config-file';
import type { Field } from '../output/fields';
import { deleteResources } from './deletion';
import { withOptions, type CommonOptions } from './options';

export const LIST_FIELDS: Field[] = [
  { title: 'Current', key: 'is_current', kind: 'current' },
  { title: 'Name', key: 'name' },
  { title: 'Platform', key: 'platform' },
  { title: 'Credential', key: 'credential' },
];
export const DESCRIBE_FIELDS = LIST_FIELDS.slice(1);

const row = (ctx: Context, current?: string) => ({
  is_current: ctx.name === current,
  name: ctx.name,
  platform: ctx.url.replace(/^https?:\/\//, ''),
  credential: `api-key-${ctx.api_key}`,
});

export function contextCommands(program: Command, session: Session): void {
  const context = program.command('context').description('Manage CLI configuration contexts.');

  withOptions(context.command('list').description('List all contexts.'), 'output').action((o: CommonOptions) => {
    const data = session.config.data;
    session.printer(o.output).list(
      LIST_FIELDS,
      Object.values(data.contexts).map((c) => row(c, data.current_context)),
    );
  });

  withOptions(context.command('describe').argument('[context]').description('Describe a context.'), 'output')
    .addOption(new Option('--api-key', "Print the context's cloud API key only."))
    .action((name: string | undefined, o: CommonOptions & { apiKey?: boolean }) => {
      const ctx = name ? session.config.data.contexts[name] : session.context();
      if (!ctx) throw new CliError(`context "${name}" does not exist`);
      if (o.apiKey) return session.io.stdout(`${ctx.api_key}\n`);
      session.printer(o.output).object(DESCRIBE_FIELDS, row(ctx));
    });

  context
    .command('use')
    .argument('<context>')
    .description('Use a context in subsequent commands.')
    .action((name: string) => {
      const data = session.config.data;
      if (!data.contexts[name]) throw new CliError(`context "${name}" does not exist`);
      data.current_context = name;
      session.save();
      session.io.stdout(`Using context "${name}".\n`);
    });

  withOptions(
    context.command('update').argument('[context]').description('Update a context (the current one by default).'),
    'output',
  )
    .requiredOption('--name <name>', 'Set the name of the context.')
    .action((name: string | undefined, o: CommonOptions & { name: string }) => {
      const data = session.config.data;
      const from = name ?? data.current_context;
      const ctx = from ? data.contexts[from] : undefined;
      if (!ctx) throw new CliError(from ? `context "${from}" does not exist` : 'no current context');
      if (o.name !== from && data.contexts[o.name]) throw new CliError(`context "${o.name}" already exists`);
      delete data.contexts[ctx.name];
      ctx.name = o.name;
      data.contexts[o.name] = ctx;
      if (data.current_context === from) data.current_context = o.name;
      session.save();
      session.printer(o.output).object(DESCRIBE_FIELDS, row(ctx));
    });

  withOptions(context.command('delete').argument('<context...>').description('Delete contexts.'), 'force').action(
    async (names: string[], o: CommonOptions) => {
      const data = session.config.data;
      await deleteResources(session, {
        singular: 'context',
        plural: 'contexts',
        ids: names,
        force: o.force,
        exists: async (n) => n in data.contexts,
        remove: async (n) => {
          delete data.contexts[n];
          if (data.current_context === n) data.current_context = undefined;
          session.save();
        },
      });
    },
  );
}
