/** ::ffff:a.b.c.d → a.b.c.d (so mapped addresses hit the IPv4 rules); [v6] → v6. */
export function normalizeAddress(a: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return m ? m[1] : a.replace(/^\[|\]$/g, '');
}
