import type { NextFunction, Request, Response } from 'express';

/**
 * A 401 with `WWW-Authenticate: Basic` makes a browser open its own sign-in prompt, even for a
 * script's fetch(). Requests marked `X-Requested-With: XMLHttpRequest` (the web console's) get
 * their 401 without the challenge, so the page shows the API's message instead (as Spring
 * Security does for such requests). Every other client still gets the header.
 */
export function omitChallengeForScripts(req: Request, res: Response, next: NextFunction): void {
  if (String(req.headers['x-requested-with'] ?? '').toLowerCase() === 'xmlhttprequest') {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = ((name: string, value: number | string | readonly string[]) =>
      name.toLowerCase() === 'www-authenticate' ? res : setHeader(name, value)) as typeof res.setHeader;
  }
  next();
}
