import { Injectable } from '@nestjs/common';

/**
 * Set when the process starts draining (SIGTERM): from then on /readyz answers 503, so a proxy or a
 * Kubernetes Service stops sending new requests here while the ones in flight finish; /livez stays
 * 200 until the process exits (a draining process must not be restarted as if it hung).
 */
@Injectable()
export class ShutdownState {
  private drainingSince: number | undefined;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  beginDrain(): void {
    this.drainingSince ??= Date.now();
  }
}
