/**
 * The conformance suite against the embedded cache: both scopes get a fresh embedded server.
 */
import { registerCacheConformanceSuite } from './conformance.js';
import { createEmbeddedCacheServer } from './embedded.js';

registerCacheConformanceSuite('embedded', async () => createEmbeddedCacheServer());
