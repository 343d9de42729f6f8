import { Injectable, type PipeTransform } from '@nestjs/common';
import { kafkaRest } from './kafka-errors';

// Kafka's own limits on names and numbers, checked before a request reaches kafkajs: past them its
// encoder throws (a 500) or the broker is asked for something no Kafka cluster could hold.

export const MAX_TOPIC_NAME = 249;
const LEGAL_TOPIC_CHARS = /^[a-zA-Z0-9._-]+$/;
export const INT32_MAX = 2_147_483_647;
export const INT16_MAX = 32_767;
/** Config names are short identifiers; Kafka's longest are under 100 characters. */
export const MAX_CONFIG_NAME = 255;
/** A protocol STRING holds at most INT16_MAX bytes (AlterConfigs v0/v1). */
export const MAX_CONFIG_VALUE_BYTES = INT16_MAX;

/** Why Kafka would refuse this topic name (its Topic.validate messages), or undefined if legal. */
export function topicNameProblem(name: string): string | undefined {
  if (name.length === 0) return "Topic name is illegal, it can't be empty";
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."';
  if (name.length > MAX_TOPIC_NAME)
    return `Topic name is illegal, it can't be longer than ${MAX_TOPIC_NAME} characters, topic name: ${name.slice(0, 40)}…`;
  if (!LEGAL_TOPIC_CHARS.test(name))
    return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  return undefined;
}

/** A topic named in a request body: an illegal name is 400 40002, as the broker answers it. */
export function checkTopicName(name: string): void {
  const problem = topicNameProblem(name);
  if (problem) throw kafkaRest.badRequest(problem);
}

/** A topic named in a path: no cluster can hold an illegal name, so it is an unknown topic (404 40403). */
@Injectable()
export class TopicNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (topicNameProblem(value)) throw kafkaRest.unknownTopic();
    return value;
  }
}

/** A config name or value bounded as the protocol can carry it: 400 40002 otherwise. */
export function checkConfigEntry(name: string, value: string | null): void {
  if (name.length > MAX_CONFIG_NAME)
    throw kafkaRest.badRequest(`Config name ${name.slice(0, 40)}… is longer than ${MAX_CONFIG_NAME} characters`);
  if (value !== null && Buffer.byteLength(value, 'utf8') > MAX_CONFIG_VALUE_BYTES)
    throw kafkaRest.badRequest(`The value of config ${name} is longer than ${MAX_CONFIG_VALUE_BYTES} bytes`);
}

/** A count Kafka carries as INT32 (partitions) or INT16 (replication factor): 400 40002 past it. */
export function checkRange(field: string, value: number, min: number, max: number): void {
  if (value < min || value > max) throw kafkaRest.badRequest(`${field} must be between ${min} and ${max}`);
}
