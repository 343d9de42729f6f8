// `--help` on every command of the tree exits 0 and lists the global flags; the root help ends
// with the exit status scripts can rely on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { buildProgram, run } from '../src/program';
import { Session } from '../src/session';
import type { CliIo } from '../src/io';

function io(): CliIo & { out: string } {
  const o = {
    out: '',
    stdout: (t: string) => void (o.out += t),
    stderr: (t: string) => void (o.out += t),
    stdin: Readable.from([]),
    env: { XDG_CONFIG_HOME: '/nonexistent-cp-help' },
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  return o;
}

function leaves(cmd: Command, path: string[] = []): string[][] {
  return cmd.commands
    .filter((c) => c.name() !== '__complete')
    .flatMap((c) => (c.commands.length ? leaves(c, [...path, c.name()]) : [[...path, c.name()]]));
}

describe('--help', () => {
  const commands = leaves(buildProgram(new Session(io())));

  it('covers the whole tree', () => {
    assert.ok(commands.length >= 60, String(commands.length));
  });

  it('exits 0 on every command and shows -v/--verbose and --unsafe-trace', async () => {
    for (const path of commands) {
      const o = io();
      assert.equal(await run([...path, '--help'], o), 0, path.join(' '));
      assert.match(o.out, new RegExp(`^Usage: connectplane ${path.join(' ')}`), path.join(' '));
      assert.match(o.out, /-v, --verbose/, path.join(' '));
      assert.match(o.out, /--unsafe-trace/, path.join(' '));
    }
  });

  it('the root help states the exit status', async () => {
    const o = io();
    assert.equal(await run(['--help'], o), 0);
    assert.match(o.out, /Exit status: 0 on success \(and for --help\), 1 on any error, usage errors included/);
  });
});
