// Avro `string` with a fast path for the usual short ASCII value. avsc's StringType asks
// Buffer.byteLength for every string before its byte loop: a native call per string, and a CDC
// event has a dozen (its source block alone half of them). Same bytes on the wire.
import * as avro from 'avsc';

/** avsc's Tap, as far as the fast path uses it. */
interface Tap {
  buf: Buffer;
  pos: number;
}

const STOCK_STRING = avro.Type.forSchema('string');
const slowWrite = (STOCK_STRING as unknown as { _write(tap: Tap, v: unknown): void })._write.bind(STOCK_STRING);

// avsc freezes its types: the fast path lives on an object that inherits everything else.
export const AVRO_STRING: avro.Type = Object.create(STOCK_STRING, {
  _write: {
    value: (tap: Tap, v: unknown): void => {
      // under 64 characters the length's zig-zag varint is one byte (2 × length < 128)
      if (typeof v === 'string' && v.length < 64) {
        const buf = tap.buf;
        const start = tap.pos + 1;
        const n = v.length;
        if (start + n <= buf.length) {
          let i = 0;
          for (; i < n; i++) {
            const c = v.charCodeAt(i);
            if (c >= 0x80) break;
            buf[start + i] = c;
          }
          if (i === n) {
            buf[tap.pos] = n << 1;
            tap.pos = start + n;
            return;
          }
        }
      }
      slowWrite(tap, v); // non-ASCII, long, past the buffer's end (avsc grows it), or not a string
    },
  },
}) as avro.Type;
