// Child process for process-faults.test.ts: installs the shared handlers, then misbehaves as asked.
import { installProcessFaultHandlers, processLogger } from '@libs/config';

installProcessFaultHandlers(processLogger('fault-child', 'info'));
const mode = process.argv[2];
if (mode === 'rejection') {
  void Promise.reject(new Error('stray rejection of one tenant'));
  // still serving: a timer after the rejection runs, and the process ends on its own, cleanly
  setTimeout(() => console.log('still serving'), 50);
} else {
  setTimeout(() => {
    throw new Error('corrupting throw');
  }, 10);
  setTimeout(() => console.log('should never print'), 500);
}
