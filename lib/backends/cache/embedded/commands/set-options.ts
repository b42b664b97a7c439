/**
 * The option parser SET and GETEX share in Redis 7 (parseExtendedStringArgumentsOrReply):
 * NX, XX, GET, KEEPTTL, PERSIST, EX, PX, EXAT, PXAT in any letter case and order, with Redis's
 * rules on which may be combined and Redis's error texts.
 */
import { ReplyError } from '../../reply-error.js';
import { parseInteger, syntaxError, text, type Arg } from '../context.js';

/** The parsed options. `expireAt` is absolute ms since the epoch. */
export interface SetOptions {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  persist: boolean;
  expireAt: number | undefined;
}

type Unit = 'EX' | 'PX' | 'EXAT' | 'PXAT';

/** Parses `args` for `command` ('set' or 'getex'); `now` turns relative times into absolute ones. */
export function parseSetOptions(command: 'set' | 'getex', args: readonly Arg[], now: number): SetOptions {
  const o: SetOptions = { nx: false, xx: false, get: false, keepTtl: false, persist: false, expireAt: undefined };
  let unit: Unit | undefined;
  let raw: Arg | undefined;
  const isSet = command === 'set';
  for (let i = 0; i < args.length; i++) {
    const opt = text(args[i]).toUpperCase();
    const next = args[i + 1];
    if (opt === 'NX' && !o.xx && isSet) o.nx = true;
    else if (opt === 'XX' && !o.nx && isSet) o.xx = true;
    else if (opt === 'GET' && isSet) o.get = true;
    else if (opt === 'KEEPTTL' && !o.persist && !unit && isSet) o.keepTtl = true;
    else if (opt === 'PERSIST' && !isSet && !unit && !o.keepTtl) o.persist = true;
    else if ((opt === 'EX' || opt === 'PX' || opt === 'EXAT' || opt === 'PXAT') && !o.keepTtl && !o.persist && (!unit || unit === opt) && next !== undefined) {
      unit = opt;
      raw = next;
      i++;
    } else throw syntaxError();
  }
  if (unit && raw !== undefined) {
    const value = parseInteger(raw);
    const seconds = unit === 'EX' || unit === 'EXAT';
    if (value <= 0 || (seconds && value > Number.MAX_SAFE_INTEGER / 1000)) {
      throw new ReplyError(`ERR invalid expire time in '${command}' command`);
    }
    const ms = seconds ? value * 1000 : value;
    o.expireAt = unit === 'EX' || unit === 'PX' ? ms + now : ms;
  }
  return o;
}
