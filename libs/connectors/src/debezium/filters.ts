// Include/exclude lists of Debezium connectors: comma-separated regular expressions that must match
// the whole identifier (anchored), over databases/schemas, `container.table` ids and
// `container.table.column` ids. At most one of include/exclude is set (checked by validation).
export class IdFilter {
  private constructor(
    private readonly include: RegExp[] | null,
    private readonly exclude: RegExp[],
  ) {}

  /** From the raw include/exclude property values (empty = no list). */
  static of(include: string | undefined, exclude: string | undefined): IdFilter {
    const inc = splitList(include);
    return new IdFilter(inc.length > 0 ? inc.map(anchored) : null, splitList(exclude).map(anchored));
  }

  matches(id: string): boolean {
    if (this.include && !this.include.some((r) => r.test(id))) return false;
    return !this.exclude.some((r) => r.test(id));
  }
}

export function splitList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function anchored(re: string): RegExp {
  return new RegExp(`^(?:${re})$`, 'i');
}

/** The first pattern of a list that is not a valid regular expression, or null. */
export function invalidPattern(raw: string | undefined): string | null {
  for (const p of splitList(raw)) {
    try {
      anchored(p);
    } catch {
      return p;
    }
  }
  return null;
}
