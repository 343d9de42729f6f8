import { StringDecoder } from 'node:string_decoder';

export type ParsedItem = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Incremental splitter for Concatenated JSON (`{…}{…} {…}`), the framing of Kafka REST's streaming
 * produce. Feed it chunks; it returns every complete top-level object. After a framing error it
 * reports one failure and stops (the rest of the stream cannot be re-synchronised).
 */
export class ConcatenatedJsonParser {
  private readonly decoder = new StringDecoder('utf8');
  private buf = '';
  private pos = 0; // scan position in buf
  private start = -1; // start of the current object, -1 between objects
  private depth = 0;
  private inString = false;
  private escaped = false;
  private failed = false;
  private bytes = 0;

  constructor(private readonly maxObjectChars = 16 * 1024 * 1024) {}

  get broken(): boolean {
    return this.failed;
  }

  /** Bytes buffered for an object not yet complete. */
  get pendingChars(): number {
    return this.start < 0 ? 0 : this.buf.length - this.start;
  }

  push(chunk: Buffer): ParsedItem[] {
    if (this.failed) return [];
    this.bytes += chunk.length;
    this.buf += this.decoder.write(chunk);
    return this.scan();
  }

  /** End of input: a dangling partial object is an error. */
  end(): ParsedItem[] {
    if (this.failed) return [];
    this.buf += this.decoder.end();
    const out = this.scan();
    if (this.start >= 0 || this.buf.slice(this.pos).trim().length > 0) {
      this.failed = true;
      out.push({ ok: false, message: 'Unexpected end of input: incomplete JSON object' });
    }
    return out;
  }

  private scan(): ParsedItem[] {
    const out: ParsedItem[] = [];
    const s = this.buf;
    let i = this.pos;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.start < 0) {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
        if (c !== 0x7b /* { */) {
          this.failed = true;
          out.push({ ok: false, message: `Unexpected character '${s[i]}': expected a JSON object` });
          this.buf = '';
          this.pos = 0;
          return out;
        }
        this.start = i;
        this.depth = 1;
        this.inString = false;
        this.escaped = false;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c /* \ */) this.escaped = true;
        else if (c === 0x22 /* " */) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) {
        this.depth--;
        if (this.depth === 0) {
          const text = s.slice(this.start, i + 1);
          this.start = -1;
          try {
            out.push({ ok: true, value: JSON.parse(text) });
          } catch (e) {
            out.push({ ok: false, message: `Malformed JSON: ${(e as Error).message}` });
          }
        }
      }
    }
    // Keep only the unfinished object.
    if (this.start >= 0) {
      if (s.length - this.start > this.maxObjectChars) {
        this.failed = true;
        out.push({
          ok: false,
          message: 'The request included a message larger than the maximum message size the server can accept.',
        });
        this.buf = '';
        this.pos = 0;
        return out;
      }
      this.buf = s.slice(this.start);
      this.pos = i - this.start;
      this.start = 0;
    } else {
      this.buf = '';
      this.pos = 0;
    }
    return out;
  }
}
