import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import passport from 'passport';
import { BasicStrategy } from 'passport-http';

/** Checks an HTTP Basic user id and password: the authenticated user, or false for a refused credential. */
export type BasicVerify<T> = (user: string, password: string) => Promise<T | false>;

/**
 * The outcome of one HTTP Basic authentication. `attempted` is the user id of a credential that was
 * read and refused by the verify step; it is absent when the header was missing or malformed.
 */
export type BasicOutcome<T> = { ok: true; user: T } | { ok: false; attempted?: string };

// Marks the request whose credential reached the verify step (so a refusal is told from a bad header).
const ATTEMPTED = Symbol('basicAuthAttempted');
type AttemptRequest = { [ATTEMPTED]?: string };

/**
 * HTTP Basic authentication through passport: one passport instance per application (no sessions)
 * with one passport-http BasicStrategy per credential kind, whose verify step is the caller's
 * (the ApiKeyVerifier for API keys, the operator credential check for the operator API).
 */
@Injectable()
export class PassportBasicAuth {
  private readonly passport = new passport.Authenticator();

  /** Registers the Basic strategy `name`. An error thrown by `verify` fails the request with it. */
  use<T>(name: string, verify: BasicVerify<T>): void {
    this.passport.use(
      name,
      new BasicStrategy({ passReqToCallback: true }, (req, user, password, done) => {
        (req as AttemptRequest)[ATTEMPTED] = user;
        verify(user, password).then((found) => done(null, found), done);
      }),
    );
  }

  /** Runs strategy `name` on the request (passport.authenticate with a custom callback, session off). */
  authenticate<T>(name: string, req: Request, res: Response): Promise<BasicOutcome<T>> {
    return new Promise((resolve, reject) => {
      const callback = (err: unknown, user: T | false | undefined) => {
        if (err) reject(err);
        else if (user) resolve({ ok: true, user });
        else resolve({ ok: false, attempted: (req as AttemptRequest)[ATTEMPTED] });
      };
      this.passport.authenticate(name, { session: false }, callback)(req, res, reject);
    });
  }

  /** The registered strategy (for tests). */
  strategy(name: string): unknown {
    return (this.passport as unknown as { _strategy(n: string): unknown })._strategy(name);
  }
}
