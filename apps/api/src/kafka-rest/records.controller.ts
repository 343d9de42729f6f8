import { Controller, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiError } from '@libs/api-common';
import { ClusterKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { TopicNamePipe } from './kafka-limits';
import { ConcatenatedJsonParser, type ParsedItem } from './records/concatenated-json';
import { parseProduceRequest, RecordError, type ParsedRecord, type ProduceResult } from './records/produce-record';
import { ProduceRecords, type ProduceSession } from './usecases/records.usecases';

const MAX_BATCH = 1000;
const PAUSE_ABOVE = 5000;
const RESUME_BELOW = 1000;

/** Waits until the socket takes more output (or the client went away). */
function drained(res: Response): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function statusOf(errorCode: number): number {
  return errorCode >= 10000 ? Math.floor(errorCode / 100) : errorCode;
}

function entryOf(item: ParsedItem): ParsedRecord | RecordError {
  if (!item.ok) return new RecordError(400, item.message);
  try {
    return parseProduceRequest(item.value);
  } catch (e) {
    if (e instanceof RecordError) return e;
    throw e;
  }
}

function parseLimit(limit: string): number {
  const m = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(limit.trim());
  if (!m) return 1024 * 1024;
  const mult = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Number(m[1]) * mult;
}

/**
 * POST …/topics/{topic}/records. One JSON object → one delivery report (HTTP status = its error).
 * A chunked request (Transfer-Encoding: chunked) is the streaming mode: Concatenated JSON in,
 * one delivery report per record out, in order, each with its own error_code, HTTP 200 throughout.
 * Records that arrive while a batch is in flight are sent together as the next batch.
 */
@ApiTags('Kafka REST v3')
@ApiBasicAuth()
@UseGuards(ClusterKeyGuard)
@Controller('kafka/v3/clusters/:cluster_id/topics/:topic_name/records')
export class RecordsController {
  private readonly bodyLimit: number;

  constructor(
    private readonly produceRecords: ProduceRecords,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.bodyLimit = parseLimit(config.BODY_LIMIT);
  }

  @Post()
  async produce(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json' && !(type?.startsWith('application/') && type.endsWith('+json'))) {
      req.resume();
      throw new ApiError(415, 'unsupported_media_type', 'HTTP 415 Unsupported Media Type', { errorCode: 415 });
    }
    let session: ProduceSession;
    try {
      session = await this.produceRecords.open(p, clusterId, topic);
    } catch (err) {
      req.resume();
      throw err;
    }
    const chunked = /chunked/i.test(String(req.headers['transfer-encoding'] ?? ''));
    if (chunked) return this.stream(session, req, res);
    return this.single(session, req, res);
  }

  /** A whole (Content-Length) body: usually one record. */
  private async single(session: ProduceSession, req: Request, res: Response): Promise<void> {
    const parser = new ConcatenatedJsonParser(this.bodyLimit);
    const items: ParsedItem[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.bodyLimit) {
        throw new ApiError(
          413,
          'payload_too_large',
          'The request included a message larger than the maximum message size the server can accept.',
          { errorCode: 413 },
        );
      }
      items.push(...parser.push(chunk));
    }
    items.push(...parser.end());
    if (items.length === 0)
      throw new ApiError(422, 'invalid_configuration', 'Payload error. Request body is empty. Data is required.', {
        errorCode: 422,
      });
    if (items.length === 1) {
      const [result] = await session.produce([entryOf(items[0] as ParsedItem)]);
      const r = result as ProduceResult;
      if (r.error_code !== 200)
        throw new ApiError(statusOf(r.error_code), 'produce_failed', (r as { message: string }).message, {
          errorCode: r.error_code,
        });
      res.status(200).json(r);
      return;
    }
    const results = await session.produce(items.map(entryOf));
    res
      .status(200)
      .type('application/json')
      .send(results.map((r) => JSON.stringify(r)).join('\n'));
  }

  /** Streaming mode: reports go out as their batch completes, while the client keeps sending. */
  private stream(session: ProduceSession, req: Request, res: Response): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', 'application/json');
    res.flushHeaders();
    const parser = new ConcatenatedJsonParser(this.bodyLimit);
    const queue: Array<ParsedRecord | RecordError> = [];
    let ended = false;
    let closed = false;
    let busy = false;
    let paused = false;

    return new Promise<void>((resolve) => {
      const finish = () => {
        if (closed) return;
        closed = true;
        if (!res.writableEnded) res.end();
        resolve();
      };
      const pump = async () => {
        if (busy) return;
        busy = true;
        try {
          while (queue.length > 0 && !res.destroyed) {
            const batch = queue.splice(0, MAX_BATCH);
            if (paused && queue.length < RESUME_BELOW) {
              paused = false;
              req.resume();
            }
            const results = await session.produce(batch);
            const text = results.map((r) => JSON.stringify(r)).join('\n') + '\n';
            if (!res.write(text)) await drained(res);
          }
        } finally {
          busy = false;
        }
        if (res.destroyed) return finish();
        if (queue.length > 0) return void pump();
        if (ended) finish();
      };
      const accept = (items: ParsedItem[]) => {
        for (const item of items) queue.push(entryOf(item));
        if (parser.broken) {
          // A framing error: nothing after it can be read; report it and stop reading.
          ended = true;
          req.removeAllListeners('data');
          req.resume();
        }
        if (!paused && queue.length > PAUSE_ABOVE) {
          paused = true;
          req.pause();
        }
        void pump();
      };
      req.on('data', (chunk: Buffer) => {
        if (!ended) accept(parser.push(chunk));
      });
      req.on('end', () => {
        if (!parser.broken) accept(parser.end());
        ended = true;
        void pump();
      });
      req.on('error', () => finish());
      res.on('close', () => finish());
    });
  }
}
