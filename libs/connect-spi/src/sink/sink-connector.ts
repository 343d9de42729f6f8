// Marker base for sink connectors; `topics` / `topics.regex` are framework configs.
import { Connector, type MaybePromise, type Props } from '../connector/connector';
import type { TopicPartition } from './sink-task';

export abstract class SinkConnector extends Connector {
  static readonly TOPICS_CONFIG = 'topics';

  /** See SourceConnector.alterOffsets; here keys are topic-partitions and values Kafka offsets. */
  alterOffsets(_config: Props, _offsets: Map<TopicPartition, number | null>): MaybePromise<boolean> {
    return false;
  }
}
