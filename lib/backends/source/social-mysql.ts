/**
 * The social source over MySQL: values live in the `social_item` table, created with the rest of
 * the schema by `npm run fixtures -- --load`. Rows appear on first load (version 0) and change on
 * write. Values are capped at `maxValueBytes` (default 64 KiB) so a real run does not push
 * gigabytes through the database: keys whose size is larger hold a 64 KiB value in real mode.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { valueFor } from '../../workload/value.js';
import type { SocialKeySpace, SocialKeySpaceOptions } from '../../workload/social-keys.js';
import type { MysqlSettings } from './database-url.js';
import { explainMysqlError } from './mysql.js';
import { assembleSocialSource, checkValueCap, indexOfKey, toKeySpace, type SocialSource, type SocialSourceOptions } from './social-source.js';

/** MySQL/MariaDB error number of a deadlock ("try restarting transaction"). */
const ER_LOCK_DEADLOCK = 1213;

/** The default cap on a real-mode value. */
export const MYSQL_SOCIAL_MAX_VALUE_BYTES = 64 * 1024;

/** Options of {@link mysqlSocialSource}: `maxValueBytes` defaults to 64 KiB, at most 16 MiB − 1 (MEDIUMTEXT). */
export type MysqlSocialOptions = SocialSourceOptions;

/** A social source over `pool` (which the caller owns and ends). */
export function mysqlSocialSource(
  pool: Pool,
  settings: MysqlSettings,
  spec?: SocialKeySpace | SocialKeySpaceOptions,
  options: MysqlSocialOptions = {},
): SocialSource {
  const keySpace = toKeySpace(spec);
  const maxValueBytes = checkValueCap(options.maxValueBytes, MYSQL_SOCIAL_MAX_VALUE_BYTES, 16 * 1024 * 1024 - 1);
  const sizeOf = (key: string): number => Math.min(keySpace.sizeAt(indexOfKey(keySpace, key)), maxValueBytes);
  const sql = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw explainMysqlError(error, settings);
    }
  };
  const prefix = keySpace.options.keyPrefix;
  return assembleSocialSource(
    keySpace,
    {
      load: (key) => {
        const size = sizeOf(key);
        return sql(async () => {
          const [rows] = await pool.query<RowDataPacket[]>('SELECT value FROM social_item WHERE item_key = ?', [key]);
          if (rows[0]) return rows[0].value as string;
          const value = valueFor(key, 0, size);
          // Concurrent first loads insert the same bytes; IGNORE lets all but one be no-ops.
          await pool.query('INSERT IGNORE INTO social_item (item_key, version, size, value) VALUES (?, 0, ?, ?)', [key, size, value]);
          return value;
        });
      },
      write: (key) => {
        const size = sizeOf(key);
        return sql(async () => {
          // Make sure the row exists first: locking a missing row takes a gap lock, and two
          // writers holding gap locks deadlock on their inserts (InnoDB, MariaDB and MySQL alike).
          await pool.query('INSERT IGNORE INTO social_item (item_key, version, size, value) VALUES (?, 0, ?, ?)', [key, size, valueFor(key, 0, size)]);
          for (let attempt = 1; ; attempt++) {
            const conn = await pool.getConnection();
            try {
              await conn.beginTransaction();
              const [rows] = await conn.query<RowDataPacket[]>('SELECT version FROM social_item WHERE item_key = ? FOR UPDATE', [key]);
              const next = Number(rows[0]?.version ?? 0) + 1;
              await conn.query('UPDATE social_item SET version = ?, size = ?, value = ? WHERE item_key = ?', [next, size, valueFor(key, next, size), key]);
              await conn.commit();
              return next;
            } catch (error) {
              await conn.rollback().catch(() => undefined);
              // The server's own advice for a deadlock is to retry the transaction.
              if ((error as { errno?: number }).errno === ER_LOCK_DEADLOCK && attempt < 5) continue;
              throw error;
            } finally {
              conn.release();
            }
          }
        });
      },
      version: (key) => {
        indexOfKey(keySpace, key);
        return sql(async () => {
          const [rows] = await pool.query<RowDataPacket[]>('SELECT version FROM social_item WHERE item_key = ?', [key]);
          return Number(rows[0]?.version ?? 0);
        });
      },
      reset: () =>
        sql(async () => {
          if (prefix === '') await pool.query('DELETE FROM social_item');
          else await pool.query("DELETE FROM social_item WHERE item_key LIKE ? ESCAPE '!'", [`${prefix.replace(/[!%_]/g, '!$&')}%`]);
        }),
      async close() {},
    },
    options,
  );
}
