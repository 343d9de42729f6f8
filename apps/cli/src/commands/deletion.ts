// Deleting one or more resources as the Go CLI does (pkg/deletion): unknown ids fail before any
// prompt, one `(y/n)` question for all of them unless --force, `n` exits 0 without a word.
import { CliError } from '../errors';
import type { Session } from '../session';

export const quoteList = (ids: string[]): string => {
  const q = ids.map((id) => `"${id}"`);
  if (q.length <= 1) return q.join('');
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
};

export async function deleteResources(
  session: Session,
  opts: {
    singular: string;
    plural: string;
    ids: string[];
    force?: boolean;
    exists(id: string): Promise<boolean>;
    remove(id: string): Promise<void>;
  },
): Promise<void> {
  const missing: string[] = [];
  for (const id of opts.ids) if (!(await opts.exists(id))) missing.push(id);
  const noun = (n: number) => (n === 1 ? opts.singular : opts.plural);
  if (missing.length > 0) throw new CliError(`${noun(missing.length)} ${quoteList(missing)} not found`);
  if (!opts.force) {
    const ok = await session.confirm(
      `Are you sure you want to delete ${noun(opts.ids.length)} ${quoteList(opts.ids)}? (y/n): `,
    );
    if (!ok) return;
  }
  for (const id of opts.ids) await opts.remove(id);
  session.io.stdout(`Deleted ${noun(opts.ids.length)} ${quoteList(opts.ids)}.\n`);
}
