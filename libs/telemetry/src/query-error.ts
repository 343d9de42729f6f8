/** A Metrics API request the engine refuses: the API answers 400 with the detail (and the JSON pointer). */
export class MetricsQueryError extends Error {
  constructor(
    message: string,
    readonly pointer?: string,
  ) {
    super(message);
  }
}
