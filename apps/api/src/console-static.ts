import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

export const CONSOLE_PATH = '/console';

/**
 * The web console (apps/console, built by `npm run build`) as static files under /console, with the
 * single-page app's fallback: any other path under /console answers index.html, so a reloaded or
 * shared URL opens the same page. Hashed assets are cached for a year; index.html never. Scripts and
 * stylesheets go out brotli- or gzip-compressed when the browser accepts it, from the copies the
 * build wrote beside them (scripts/build-console.ts): nothing is compressed per request.
 */
export function serveConsole(app: NestExpressApplication, dir: string): void {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  app.use(CONSOLE_PATH, precompressedAssets(root));
  app.use(
    CONSOLE_PATH,
    express.static(root, {
      index: false,
      redirect: false,
      setHeaders: (res, path) =>
        res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
    }),
  );
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // a missing asset is a 404, not the page
    if (req.path.startsWith('/assets/')) return next();
    if (!existsSync(index)) {
      res.status(404).type('text/plain').send(`The web console is not built (no ${index}): run \`npm run build\`.\n`);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=UTF-8',
  '.css': 'text/css; charset=UTF-8',
};

/** /assets/*.js|css → its .br or .gz copy when Accept-Encoding allows one and the build made it. */
function precompressedAssets(root: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.path.startsWith('/assets/')) return next();
    const type = TYPES[extname(req.path)];
    if (!type) return next();
    // caches keep one copy per encoding, also of the uncompressed answer express.static gives
    res.vary('Accept-Encoding');
    // ours first (the smallest), not the header's order: browsers list "gzip, deflate, br"
    const encoding = ENCODINGS.find((e) => req.acceptsEncodings(e.name) === e.name);
    // decodeURIComponent can throw on a malformed path: express.static answers those
    let file: string;
    try {
      file = decodeURIComponent(req.path).slice(1) + (encoding?.ext ?? '');
    } catch {
      return next();
    }
    if (!encoding || file.includes('..') || !existsSync(join(root, file))) return next();
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Encoding', encoding.name);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    // root confines the path to the console's folder; errors (a vanished file) go to express
    res.sendFile(file, { root, dotfiles: 'deny' }, (err) => {
      if (err && !res.headersSent) {
        res.removeHeader('Content-Encoding');
        res.removeHeader('Content-Type');
        next();
      }
    });
  };
}
