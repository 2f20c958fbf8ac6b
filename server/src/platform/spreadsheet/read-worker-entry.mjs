// The worker thread of read-in-worker.ts starts here: plain JavaScript that teaches the thread
// TypeScript (tsx, as `npm start` does), then runs the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./read-worker.ts');
