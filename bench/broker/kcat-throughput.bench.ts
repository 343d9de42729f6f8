// Bench (a): kcat (librdkafka) -> broker -> kcat, 1 KB records, acks=1, CRC validation on,
// one topic with 6 partitions. Produce runs for DURATION seconds; then consume everything from
// the beginning. Usage: node scripts/run.js bench/broker/kcat-throughput.bench.ts [seconds]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrokerProcess, USER } from './broker-child';

const DURATION = Number(process.argv[2] ?? 60);

function sh(script: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const p = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.on('exit', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-kcat-'));
  const broker = await startBrokerProcess(dataDir, { BROKER_DEFAULT_PARTITIONS: '6', BROKER_VALIDATE_CRC: 'true' });
  const k = `-b 127.0.0.1:${broker.port} -X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN -X sasl.username=${USER.username} -X sasl.password=${USER.password}`;
  try {
    await sh(`kcat ${k} -L -t bench >/dev/null`); // auto-creates the 6-partition topic
    const line = 'x'.repeat(1023); // + newline delimiter = 1 KB per record on stdin; value is 1023 bytes
    const t0 = Date.now();
    await sh(
      `yes ${line} | timeout ${DURATION} kcat ${k} -P -t bench -X acks=1 -X linger.ms=10 -X batch.size=1000000 ` +
        `-X queue.buffering.max.messages=2000000 -X queue.buffering.max.kbytes=2000000; true`,
    );
    const produceSecs = (Date.now() - t0) / 1000;
    const produced = await broker.metric('broker_records_in_total');
    const bytesIn = await broker.metric('broker_bytes_in_total');
    const rssAfterProduce = broker.rssMb();
    // Consume the whole log from the beginning, in as many passes as it takes to run >= DURATION s.
    const t1 = Date.now();
    let consumed = 0;
    let passes = 0;
    do {
      const c = await sh(
        `kcat ${k} -C -t bench -o beginning -e -q -f '%o\\n' -X fetch.message.max.bytes=4194304 -X queued.max.messages.kbytes=1000000 | wc -l`,
      );
      consumed += Number(c.stdout.trim());
      passes++;
    } while (Date.now() - t1 < DURATION * 1000);
    const consumeSecs = (Date.now() - t1) / 1000;
    console.log(
      JSON.stringify(
        {
          bench: 'kcat 1KB acks=1, 6 partitions',
          produce: {
            seconds: produceSecs,
            records: produced,
            recordsPerSec: Math.round(produced / produceSecs),
            mbPerSec: Math.round(bytesIn / produceSecs / 1e6),
          },
          consume: {
            seconds: consumeSecs,
            passes,
            records: consumed,
            recordsPerSec: Math.round(consumed / consumeSecs),
          },
          brokerRssMb: { afterProduce: Math.round(rssAfterProduce), afterConsume: Math.round(broker.rssMb()) },
        },
        null,
        2,
      ),
    );
  } finally {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
