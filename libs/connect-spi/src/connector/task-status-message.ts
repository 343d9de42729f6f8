// A task's own status line, beyond Kafka Connect's SPI: what the runtime shows as the task's
// message while it is RUNNING.

/**
 * A task that has something to say in its status (ConnectorTask.message) while RUNNING, e.g.
 * Datagen after its last iteration. The runtime polls `statusMessage()` after each poll()/put()
 * and stores it when it changed.
 */
export interface TaskStatusMessage {
  statusMessage(): string | null;
}

export function taskStatusMessage(task: unknown): string | null | undefined {
  const t = task as Partial<TaskStatusMessage> | null;
  return t && typeof t.statusMessage === 'function' ? t.statusMessage() : undefined;
}
