// Typing helpers for the use-case unit tests: an in-memory implementation is checked against the
// public surface of the class it stands in for (our repositories and services are classes, which
// Nest injects by class), and converted to that class type in one named place.

/** The public members of T: what a stand-in must provide. */
export type Public<T> = { [K in keyof T]: T[K] };

/** A complete stand-in for T (every public member implemented). */
export const standIn = <T>(impl: Public<T>): T => impl as T;

/**
 * A stand-in for T implementing only the members a test reaches; others are absent, so a use case
 * calling one fails loudly (TypeError) instead of getting a silent default.
 */
export const partialStandIn =
  <T>() =>
  <K extends keyof T>(impl: Pick<T, K>): T =>
    impl as T;
