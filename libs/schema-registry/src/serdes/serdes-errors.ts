/** Serialization/deserialization failure (Confluent's SerializationException). */
export class SerializationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SerializationError';
  }
}

/** Exactly Confluent's wording, which tools and users grep for. */
export const UNKNOWN_MAGIC_BYTE = 'Unknown magic byte!';
