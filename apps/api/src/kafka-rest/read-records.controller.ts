import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ClusterKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { kafkaRest } from './kafka-errors';
import { TopicNamePipe } from './kafka-limits';
import { ReadRecords, type ReadRecordsQuery } from './usecases/read-records.usecase';

const MAX_RECORDS = 500;

function int(name: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw kafkaRest.badRequest(`${name} must be an integer between ${min} and ${max}`);
  return Number(raw);
}

/** `0:12,3:40` → partition → offset. */
function positions(raw: string | undefined): Map<number, number> {
  const out = new Map<number, number>();
  for (const part of (raw ?? '').split(',').filter(Boolean)) {
    const m = /^(\d+):(\d+)$/.exec(part.trim());
    if (!m) throw kafkaRest.badRequest('positions must look like 0:12,1:40 (partition:offset, comma-separated)');
    out.set(Number(m[1]), Number(m[2]));
  }
  return out;
}

/** Reading records (connectplane extension to Kafka REST v3, used by the web console's message viewer). */
@ApiTags('Kafka REST v3')
@ApiBasicAuth()
@UseGuards(ClusterKeyGuard)
@Controller('kafka/v3/clusters/:cluster_id/topics/:topic_name/records')
export class ReadRecordsController {
  constructor(private readonly readRecords: ReadRecords) {}

  @Get()
  @ApiOperation({
    summary: 'Read records (connectplane extension)',
    description:
      'Records of the topic read without a consumer group, per partition: from `positions` (each partition’s ' +
      '`next_offset` of the previous answer, to tail the topic), else the first offset at or after `timestamp`, ' +
      'else `offset`, else the last `max_records` records. Keys, values and header values are base64. ' +
      'Embedded clusters only.',
  })
  @ApiQuery({ name: 'max_records', required: false, description: 'per partition, 1–500 (default 50)' })
  @ApiQuery({ name: 'partition', required: false, description: 'only this partition' })
  @ApiQuery({ name: 'offset', required: false, description: 'start offset (with partition)' })
  @ApiQuery({ name: 'timestamp', required: false, description: 'epoch milliseconds' })
  @ApiQuery({ name: 'positions', required: false, description: 'partition:offset pairs, comma-separated' })
  @ApiOkResponse({
    description:
      '{kind: "KafkaRecordList", cluster_id, topic_name, partitions: [{partition_id, log_start_offset, ' +
      'high_watermark, next_offset}], data: [{partition_id, offset, timestamp, key, value, headers: [{name, value}]}]}',
  })
  async read(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
    @Query() query: Record<string, string | undefined>,
  ) {
    const q: ReadRecordsQuery = {
      maxRecords: int('max_records', query.max_records, 1, MAX_RECORDS) ?? 50,
      partition: int('partition', query.partition, 0),
      offset: int('offset', query.offset, 0),
      timestamp: int('timestamp', query.timestamp, 0),
      positions: positions(query.positions),
    };
    return this.readRecords.execute(p, clusterId, topic, q);
  }
}
