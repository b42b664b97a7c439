// Entry of every load-test worker thread. Worker threads do not inherit tsx's loader from the
// main thread (privatenumber/tsx#354), so register it here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
