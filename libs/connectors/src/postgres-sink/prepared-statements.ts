// Named prepared statements per connection for the sink's parameterized statements. Postgres
// spends most of a multi-row upsert's time parsing and planning its thousands of parameters, and
// the sink sends the same few statement shapes over and over (a full batch of `batch.sizes` rows,
// one per table), so a parsed statement is kept and re-executed: measured about 2.5× the rows/s of
// an unnamed statement on the same server. At most MAX_PREPARED shapes are kept per connection;
// the least recently used one is DEALLOCATEd to make room.
import type { Client } from 'pg';

export const MAX_PREPARED = 16;

/** pg's record of the statements it has parsed on a connection (kept in step on DEALLOCATE). */
interface ParsedStatements {
  connection?: { parsedStatements?: Record<string, string> };
}

export class PreparedStatements {
  /** text → statement name, least recently used first. */
  private readonly names = new Map<string, string>();
  private seq = 0;

  constructor(private readonly client: Client) {}

  async query(text: string, values: unknown[]): Promise<unknown[]> {
    let name = this.names.get(text);
    if (name !== undefined) this.names.delete(text);
    else {
      if (this.names.size >= MAX_PREPARED) await this.evictOldest();
      name = `cp_sink_${++this.seq}`;
    }
    this.names.set(text, name);
    const r = await this.client.query({ name, text, values });
    return r.rows ?? [];
  }

  private async evictOldest(): Promise<void> {
    const [text, name] = this.names.entries().next().value as [string, string];
    this.names.delete(text);
    const parsed = (this.client as unknown as ParsedStatements).connection?.parsedStatements;
    // only a statement the server has parsed exists there
    if (parsed?.[name] === undefined) return;
    await this.client.query(`DEALLOCATE ${name}`);
    delete parsed[name];
  }
}
