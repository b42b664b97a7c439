/**
 * ioredis's `ReplyError` (Redis's error replies, e.g. "WRONGTYPE …", "OOM …"), typed: ioredis
 * declares it as `any`. The embedded server throws the same class so `instanceof` and
 * `err.name === 'ReplyError'` checks behave as against a real server.
 */
import { ReplyError as IoredisReplyError } from 'ioredis';

/** Redis's error reply class, as ioredis rejects commands with it. */
export const ReplyError = IoredisReplyError as new (message: string) => Error;
/** An instance of {@link ReplyError}. */
export type ReplyError = Error;
