// io.confluent.connect.transforms.TopicRegexRouter: rename topics by regex. Same semantics as
// Kafka's RegexRouter here (whole-topic match, replaceFirst).
import { RegexRouter } from '../regex-router';
import type { AnyRecord } from '../util/requirements';

export class TopicRegexRouter<R extends AnyRecord> extends RegexRouter<R> {}
