/** The Java class name Kafka Connect would report for this error (connect-api errors carry one). */
export function javaClassNameOf(err: unknown): string {
  const named = (err as { javaClassName?: unknown }).javaClassName;
  if (typeof named === 'string') return named;
  if (err instanceof TypeError || err instanceof RangeError) return 'java.lang.IllegalArgumentException';
  return 'java.lang.RuntimeException';
}

/** Java-style printed stack trace: "<class>: <message>" then the frames. */
export function printStackTrace(err: Error): string {
  const frames = (err.stack ?? '').split('\n').slice(1).join('\n');
  const head = `${javaClassNameOf(err)}${err.message ? `: ${err.message}` : ''}`;
  const cause = (err as { cause?: unknown }).cause;
  const causeText = cause instanceof Error ? `\nCaused by: ${printStackTrace(cause)}` : '';
  return `${head}${frames ? `\n${frames}` : ''}${causeText}`;
}
