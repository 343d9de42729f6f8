// JSON output (Confluent's JsonFormat): one value per line, structs through JsonConverter without
// schemas (json.decimal.format applies), optionally gzipped. Lines are kept as strings and turned
// into bytes once per file (a Buffer per record made the garbage collector the bottleneck).
import { JsonConverter, writeJson } from '@libs/connect-converters';
import type { SinkRecord } from '@libs/connect-spi';
import { gzip, type FileEncoder } from './file-encoder';

export function jsonConverter(decimalNumeric: boolean): JsonConverter {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': false, 'decimal.format': decimalNumeric ? 'NUMERIC' : 'BASE64' }, false);
  return c;
}

export class JsonEncoder implements FileEncoder {
  private readonly lines: string[] = [];
  private size = 0;

  constructor(
    private readonly converter: JsonConverter,
    private readonly gzipLevel: number | null,
  ) {}

  add(r: SinkRecord): void {
    const line = writeJson(this.converter.convertToJson(r.valueSchema, r.value));
    this.lines.push(line);
    this.size += line.length + 1;
  }

  bytes(): number {
    return this.size;
  }

  async finish(): Promise<Buffer> {
    const all = Buffer.from(this.lines.length ? this.lines.join('\n') + '\n' : '', 'utf8');
    return this.gzipLevel === null ? all : gzip(all, this.gzipLevel);
  }
}
