/**
 * The produce route reads its own request body (Concatenated JSON, possibly an endless chunked
 * stream), so the global JSON body parser must leave it alone (create-api-app.ts).
 */
export const PRODUCE_RECORDS_PATH = /^\/kafka\/v3\/clusters\/[^/]+\/topics\/[^/]+\/records\/?$/;

export const isStreamingBodyPath = (method: string, path: string): boolean =>
  method === 'POST' && PRODUCE_RECORDS_PATH.test(path);
