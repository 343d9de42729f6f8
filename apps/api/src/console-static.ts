import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

export const CONSOLE_PATH = '/console';

/**
 * The web console (apps/console, built by `npm run build`) as static files under /console, with the
 * single-page app's fallback: any other path under /console answers index.html, so a reloaded or
 * shared URL opens the same page. Hashed assets are cached for a year; index.html never.
 */
export function serveConsole(app: NestExpressApplication, dir: string): void {
  const root = resolve(dir);
  const index = join(root, 'index.html');
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
