export { s3SinkPlugin } from './s3-sink-plugin';
export { S3_SINK_CLASS, S3SinkConnector } from './s3-sink-connector';
export { S3_SINK_VERSION, s3SinkHooks, S3SinkTask } from './s3-sink-task';
export { fileExtension, objectKey, startOffsetOf, OFFSET_PAD_WIDTH } from './object-keys';
export { createPartitioner, recordTime, type Partitioner } from './partitioners';
export { parseS3SinkConfig, type S3SinkConfig } from './s3-sink-config';
export { TopicPartitionWriter, MAX_BUFFERED_BYTES, type FileSink, type RotationStats } from './topic-partition-writer';
