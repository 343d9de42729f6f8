// Removing a big directory tree takes seconds on slow filesystems; it happens in the background
// after the tree was renamed out of sight (so it is already invisible and a crash leaves only
// trash, which is emptied at the next start).
import { rm } from 'node:fs';

export function removeInBackground(path: string): void {
  rm(path, { recursive: true, force: true, maxRetries: 3 }, () => {});
}
