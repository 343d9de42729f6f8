// Docker for the container tests: is an engine there (started here if only its binary is), the
// stand-in base images, the image builds, and docker-compose / `docker compose` runs.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const DEPLOY = join(ROOT, 'deploy');

const run = (cmd: string, args: string[], timeoutMs = 15_000) =>
  spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs });
const onPath = (cmd: string) => run('sh', ['-c', `command -v ${cmd}`]).status === 0;
const engineAnswers = () => run('docker', ['info', '--format', '{{.ServerVersion}}']).status === 0;

/**
 * Why the container tests cannot run here, or undefined when they can. A stopped engine is started
 * the way these machines run it (host network only: no bridge, no iptables) and left running.
 */
export function dockerUnavailable(): string | undefined {
  if (!onPath('docker')) return 'no docker client on PATH (apt-get install docker.io docker-compose)';
  if (!engineAnswers()) {
    if (!onPath('dockerd')) return 'the docker engine is not running and no dockerd binary is installed';
    const log = openSync('/tmp/dockerd-connectplane-tests.log', 'a');
    spawn('dockerd', ['--iptables=false', '--ip6tables=false', '--bridge=none'], {
      detached: true,
      stdio: ['ignore', log, log],
    }).unref();
    closeSync(log);
    const deadline = Date.now() + 30_000;
    while (!engineAnswers() && Date.now() < deadline) run('sleep', ['1']);
    if (!engineAnswers()) return 'dockerd did not start (see /tmp/dockerd-connectplane-tests.log)';
  }
  if (!composeCommand())
    return 'neither docker-compose nor `docker compose` is installed (apt-get install docker-compose)';
  return undefined;
}

/** docker-compose (Debian's v1) or the `docker compose` plugin, whichever is installed. */
export function composeCommand(): string[] | undefined {
  if (onPath('docker-compose')) return ['docker-compose'];
  if (run('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  return undefined;
}

/** Runs a command (niced: image builds share a 2-core machine), throwing with its output on failure. */
export function sh(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): string {
  try {
    return execFileSync('nice', ['-n', '10', cmd, ...args], {
      cwd: ROOT,
      env: opts.env ?? process.env,
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 120_000,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`, {
      cause: e,
    });
  }
}

/**
 * The stand-in base images (deploy/base-image), then the app and proxy images from their
 * Dockerfiles, unchanged. Layers are cached: a rebuild with unchanged dependencies takes seconds.
 */
export function buildImages(appTag: string, proxyTag: string): { appSeconds: number; appBytes: number } {
  sh(join(DEPLOY, 'base-image', 'make-stand-in-bases.sh'), [], { timeoutMs: 15 * 60_000 });
  const t0 = Date.now();
  // --network host: the build's npm install reaches the registry the way this machine does.
  sh('docker', ['build', '--network', 'host', '-f', 'deploy/Dockerfile', '-t', appTag, '.'], {
    timeoutMs: 20 * 60_000,
  });
  const appSeconds = (Date.now() - t0) / 1000;
  sh('docker', ['build', '--network', 'host', '-t', proxyTag, 'deploy/proxy'], { timeoutMs: 10 * 60_000 });
  const appBytes = Number(sh('docker', ['image', 'inspect', '-f', '{{.Size}}', appTag]).trim());
  return { appSeconds, appBytes };
}

export function secretsDir(dir: string): string {
  if (!existsSync(join(dir, 'api_key_pepper'))) sh(join(DEPLOY, 'make-secrets.sh'), [dir]);
  return dir;
}
