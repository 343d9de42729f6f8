import type { IncomingHttpHeaders } from 'node:http';
import { BasicStrategy } from 'passport-http';

/** The user id and password of an HTTP Basic Authorization header. */
export interface BasicCredentials {
  user: string;
  password: string;
}

type StrategyRun = BasicStrategy & {
  success(user: BasicCredentials): void;
  fail(challenge?: unknown): void;
  error(err: unknown): void;
};

// passport-http's BasicStrategy reads the header (its rules: scheme /Basic/i, value split on ':',
// user and password non-empty). Its verify step only hands the pair on: the ApiKeyVerifier checks it.
const basic = new BasicStrategy((user, password, done) => done(null, { user, password }));

/**
 * Runs the Basic strategy the way passport runs any strategy (a per-request copy given success /
 * fail / error actions), without passport.authenticate's middleware and promise wrapping around it,
 * which cost a tenth of an authenticated request. Null when the header is missing or malformed.
 */
export function parseBasicAuth(authorization: string | undefined): BasicCredentials | null {
  let out: BasicCredentials | null = null;
  const run = Object.create(basic) as StrategyRun;
  run.success = (credentials) => (out = credentials);
  run.fail = () => (out = null);
  run.error = () => (out = null);
  const headers: IncomingHttpHeaders = authorization === undefined ? {} : { authorization };
  run.authenticate({ headers } as Parameters<BasicStrategy['authenticate']>[0]);
  return out;
}
