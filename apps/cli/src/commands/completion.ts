// Shell completion: `completion bash|zsh` prints a script that asks the CLI itself (the hidden
// `__complete` command) for the subcommands and flags after the words typed so far, so completion
// always matches the installed command tree.
import { Command, Option } from 'commander';
import type { Session } from '../session';
import { BIN } from '../session';

const BASH = `# ${BIN} completion for bash; load with: source <(${BIN} completion bash)
_${BIN}_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  COMPREPLY=( $(compgen -W "$(${BIN} __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)" -- "$cur") )
}
complete -o default -F _${BIN}_complete ${BIN}
`;

const ZSH = `# ${BIN} completion for zsh; load with: source <(${BIN} completion zsh)
autoload -U +X bashcompinit && bashcompinit
${BASH}`;

/** Subcommands and long flags available after `words` (the words typed after the program name). */
export function completions(program: Command, words: string[]): string[] {
  let cmd = program;
  for (const w of words) {
    const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (sub) cmd = sub;
  }
  const hidden = (c: Command) => (c as unknown as { _hidden?: boolean })._hidden;
  const subs = cmd.commands.filter((c) => !hidden(c)).map((c) => c.name());
  const flags = cmd.options.filter((o: Option) => !o.hidden && o.long).map((o) => o.long as string);
  return [...subs, ...flags, '--help'];
}

export function completionCommands(program: Command, session: Session): void {
  program
    .command('completion')
    .description('Print a shell completion script (bash or zsh).')
    .argument('[shell]', 'bash or zsh', 'bash')
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh') throw new Error(`unsupported shell "${shell}": use bash or zsh`);
      session.io.stdout(shell === 'zsh' ? ZSH : BASH);
    });

  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action((words: string[]) => {
      session.io.stdout(completions(program, words).join('\n') + '\n');
    });
}
