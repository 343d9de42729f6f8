// `login`: checks a cloud API key against the control plane, saves it as a context and makes it
// current; `logout` forgets the current context's credentials.
import { Command } from 'commander';
import { CliError } from '../errors';
import { contextName, type Session, BIN } from '../session';
import type { Context } from '../config/config-file';
import { listAll } from './pages';
import { promptSecret } from '../prompt-secret';

interface Organization {
  id: string;
  display_name: string;
}

export function loginCommands(program: Command, session: Session): void {
  program
    .command('login')
    .summary('Log in to a connectplane control plane with a cloud API key.')
    .description(
      'Log in to a connectplane control plane with a cloud API key.\n\n' +
        'Flags fall back to CONNECTPLANE_URL, CONNECTPLANE_API_KEY and CONNECTPLANE_API_SECRET. The key is\n' +
        'saved in a context (mode 0600 under $XDG_CONFIG_HOME/connectplane) and becomes the current one.',
    )
    .option('--url <url>', 'Control plane API URL, e.g. http://localhost:8080.')
    .option('--api-key <key>', 'Cloud API key.')
    .option(
      '--api-secret <secret>',
      'Cloud API secret; when omitted (and CONNECTPLANE_API_SECRET unset) it is asked for without echo, or read from piped stdin.',
    )
    .action(async (opts: { url?: string; apiKey?: string; apiSecret?: string }) => {
      const env = session.io.env;
      const url = (opts.url ?? env.CONNECTPLANE_URL)?.replace(/\/+$/, '');
      const key = opts.apiKey ?? env.CONNECTPLANE_API_KEY;
      // not given: asked for without echo (or read from piped stdin), so it stays out of shell history
      const secret =
        opts.apiSecret ??
        env.CONNECTPLANE_API_SECRET ??
        (url && key ? await promptSecret(session.io, 'API Secret: ') : undefined);
      if (!url || !key || !secret)
        throw new CliError('missing login credentials', [
          'Pass `--url`, `--api-key` and `--api-secret`, or set CONNECTPLANE_URL, CONNECTPLANE_API_KEY and CONNECTPLANE_API_SECRET.',
        ]);
      const client = session.client(url, { key, secret });
      const orgs = await listAll<Organization>(client, '/org/v2/organizations');
      const org = orgs[0];
      const name = contextName(key, url);
      const data = session.config.data;
      const previous = data.contexts[name];
      const ctx: Context = {
        name,
        url,
        api_key: key,
        api_secret: secret,
        organization_id: org?.id,
        current_environment: previous?.current_environment,
        environments: previous?.environments ?? {},
      };
      if (!ctx.current_environment) {
        // as `confluent login` does: the account's first environment becomes current
        const envs = await listAll<{ id: string }>(client, '/org/v2/environments');
        ctx.current_environment = envs[0]?.id;
      }
      data.contexts[name] = ctx;
      data.current_context = name;
      session.save();
      session.io.stdout(
        org
          ? `Logged in as "${key}" for organization "${org.id}" ("${org.display_name}").\n`
          : `Logged in as "${key}".\n`,
      );
    });

  program
    .command('logout')
    .description(`Log out: delete the current context and its stored keys (see \`${BIN} context delete\`).`)
    .action(() => {
      const data = session.config.data;
      if (data.current_context) delete data.contexts[data.current_context];
      data.current_context = undefined;
      session.save();
      session.io.stdout('You are now logged out.\n');
    });
}
