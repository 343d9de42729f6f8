// Kafka Connect's exception hierarchy. The class names matter: the DLQ header
// `__connect.errors.exception.class.name` reports the Java class name, so each class
// carries `javaClassName` next to its JS `name`.

export class ConnectException extends Error {
  readonly javaClassName: string = 'org.apache.kafka.connect.errors.ConnectException';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad data: schema mismatch, unparsable bytes, a transform that cannot handle a value. */
export class DataException extends ConnectException {
  override readonly javaClassName: string = 'org.apache.kafka.connect.errors.DataException';
}

/** A schema was built wrongly (e.g. a default that does not match the type). */
export class SchemaBuilderException extends DataException {
  override readonly javaClassName: string = 'org.apache.kafka.connect.errors.SchemaBuilderException';
}

/** A value did not match its schema. */
export class SchemaProjectorException extends DataException {
  override readonly javaClassName: string = 'org.apache.kafka.connect.errors.SchemaProjectorException';
}

/** Transient failure: the operation may be retried (errors.retry.timeout applies). */
export class RetriableException extends ConnectException {
  override readonly javaClassName: string = 'org.apache.kafka.connect.errors.RetriableException';
}

export class NotFoundException extends ConnectException {
  override readonly javaClassName: string = 'org.apache.kafka.connect.errors.NotFoundException';
}

/** Kafka's org.apache.kafka.common.config.ConfigException, message format included. */
export class ConfigException extends Error {
  readonly javaClassName = 'org.apache.kafka.common.config.ConfigException';
  /** The config key at fault, when known. */
  readonly configName: string | null;
  constructor(nameOrMessage: string, value?: unknown, message?: string) {
    super(
      arguments.length <= 1
        ? nameOrMessage
        : `Invalid value ${formatConfigValue(value)} for configuration ${nameOrMessage}${message ? ': ' + message : ''}`,
    );
    this.name = 'ConfigException';
    this.configName = arguments.length <= 1 ? null : nameOrMessage;
  }

  /** A plain message (no "Invalid value" prefix) that still names the key at fault. */
  static forKey(configName: string, message: string): ConfigException {
    const e = new ConfigException(message);
    (e as { configName: string | null }).configName = configName;
    return e;
  }
}

function formatConfigValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return '[' + value.map(formatConfigValue).join(', ') + ']';
  return String(value);
}

/** java.lang.IllegalArgumentException, which some SMTs throw (e.g. ExtractField's unknown field). */
export class IllegalArgumentException extends Error {
  readonly javaClassName = 'java.lang.IllegalArgumentException';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IllegalArgumentException';
  }
}
