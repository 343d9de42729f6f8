// Log sequence numbers: the server's 'X/Y' text form and the int64 Debezium puts in `source.lsn`
// and the offsets (exact in a JS number up to 2^53 bytes of WAL).
export function lsnToNumber(lsn: string | null | undefined): number {
  if (!lsn) return 0;
  const [hi, lo] = lsn.split('/');
  return parseInt(hi!, 16) * 0x1_0000_0000 + parseInt(lo!, 16);
}

export function numberToLsn(n: number): string {
  const hi = Math.floor(n / 0x1_0000_0000);
  const lo = n - hi * 0x1_0000_0000;
  return `${hi.toString(16).toUpperCase()}/${lo.toString(16).toUpperCase()}`;
}
