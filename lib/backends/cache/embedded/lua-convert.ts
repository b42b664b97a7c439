/**
 * Conversions between Redis replies and Lua values, with Redis 7's rules (script_lua.c):
 * reply → Lua: integer → number, bulk → string, nil → false, status → {ok=…}, error → {err=…},
 * array → table. Lua → reply: number → integer (truncated), string → bulk, true → 1,
 * false/nil → nil, {err=…} → error, {ok=…} → status, table → array up to the first nil.
 */
import { lua, to_luastring, type LuaState } from 'fengari';
import { ReplyError } from '../reply-error.js';
import { StatusReply } from '../resp.js';
import type { Reply } from './context.js';

const ERR = to_luastring('err');
const OK = to_luastring('ok');

/** Decodes a Lua string (bytes) as UTF-8. */
export function luaText(bytes: Uint8Array | null): string {
  return bytes ? Buffer.from(bytes).toString('utf8') : '';
}

/** Pushes a JS string or buffer as a Lua string. */
export function pushText(L: LuaState, value: string | Buffer): void {
  lua.lua_pushstring(L, typeof value === 'string' ? to_luastring(value) : Uint8Array.from(value));
}

/** Pushes `{ field = message }` (used for {err=…} and {ok=…}). */
export function pushFieldTable(L: LuaState, field: 'err' | 'ok', message: string): void {
  lua.lua_createtable(L, 0, 1);
  pushText(L, message);
  lua.lua_setfield(L, -2, field === 'err' ? ERR : OK);
}

/** Pushes a command reply as the Lua value scripts see. */
export function pushReply(L: LuaState, reply: Reply | Error): void {
  if (reply === null || reply === undefined) lua.lua_pushboolean(L, false);
  else if (reply instanceof Error) pushFieldTable(L, 'err', reply.message);
  else if (reply instanceof StatusReply) pushFieldTable(L, 'ok', reply.value);
  else if (typeof reply === 'number') lua.lua_pushinteger(L, reply);
  else if (typeof reply === 'string' || Buffer.isBuffer(reply)) pushText(L, reply);
  else {
    lua.lua_createtable(L, reply.length, 0);
    reply.forEach((item, i) => {
      pushReply(L, item);
      lua.lua_rawseti(L, -2, i + 1);
    });
  }
}

/** Reads a string field of the table at `idx`, if present. */
export function stringField(L: LuaState, idx: number, field: Uint8Array): string | undefined {
  const type = lua.lua_getfield(L, idx, field);
  const value = type === lua.LUA_TSTRING ? luaText(lua.lua_tolstring(L, -1)) : undefined;
  lua.lua_pop(L, 1);
  return value;
}

/** Converts the Lua value at the top of the stack into a reply; an {err=…} table becomes a thrown ReplyError. */
export function popReply(L: LuaState): Reply {
  const reply = toReply(L, lua.lua_gettop(L));
  lua.lua_pop(L, 1);
  if (reply instanceof ReplyError) throw reply;
  return reply;
}

function toReply(L: LuaState, idx: number): Reply | ReplyError {
  switch (lua.lua_type(L, idx)) {
    case lua.LUA_TSTRING:
      return luaText(lua.lua_tolstring(L, idx));
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, idx) ? 1 : null;
    case lua.LUA_TNUMBER:
      return Math.trunc(lua.lua_tonumber(L, idx));
    case lua.LUA_TTABLE: {
      const err = stringField(L, idx, ERR);
      if (err !== undefined) return new ReplyError(err);
      const ok = stringField(L, idx, OK);
      if (ok !== undefined) return new StatusReply(ok);
      const items: Reply[] = [];
      for (let i = 1; ; i++) {
        const type = lua.lua_rawgeti(L, idx, i);
        if (type === lua.LUA_TNIL) {
          lua.lua_pop(L, 1);
          break;
        }
        const item = toReply(L, lua.lua_gettop(L));
        lua.lua_pop(L, 1);
        items.push(item instanceof ReplyError ? null : item);
      }
      return items;
    }
    default:
      return null;
  }
}

/** A command argument passed to redis.call: strings as is, numbers printed like Lua 5.1's %.14g. */
export function argAt(L: LuaState, idx: number): string | undefined {
  const type = lua.lua_type(L, idx);
  if (type === lua.LUA_TSTRING) return luaText(lua.lua_tolstring(L, idx));
  if (type === lua.LUA_TNUMBER) {
    const n = lua.lua_tonumber(L, idx);
    return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(14)));
  }
  return undefined;
}

/** Converts the Lua value at `idx` to plain JSON-able data (cjson.encode). */
export function toJson(L: LuaState, idx: number, nullMarker: object, depth = 0): unknown {
  if (depth > 32) throw new Error('Cannot serialise, excessive nesting (33)');
  switch (lua.lua_type(L, idx)) {
    case lua.LUA_TSTRING:
      return luaText(lua.lua_tolstring(L, idx));
    case lua.LUA_TNUMBER:
      return lua.lua_tonumber(L, idx);
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, idx);
    case lua.LUA_TLIGHTUSERDATA:
      return null;
    case lua.LUA_TTABLE: {
      const entries: [unknown, unknown][] = [];
      lua.lua_pushnil(L);
      while (lua.lua_next(L, idx)) {
        const top = lua.lua_gettop(L);
        const k = lua.lua_type(L, top - 1) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, top - 1) : luaText(lua.lua_tolstring(L, top - 1));
        entries.push([k, toJson(L, top, nullMarker, depth + 1)]);
        lua.lua_pop(L, 1);
      }
      const isArray = entries.length > 0 && entries.every(([k]) => typeof k === 'number' && Number.isInteger(k) && k >= 1 && k <= entries.length);
      if (isArray) return entries.sort((a, b) => (a[0] as number) - (b[0] as number)).map(([, v]) => v);
      return Object.fromEntries(entries.map(([k, v]) => [String(k), v]));
    }
    default:
      throw new Error(`Cannot serialise ${lua.lua_type(L, idx)}: type not supported`);
  }
}

/** Pushes parsed JSON as Lua values (cjson.decode); JSON null becomes cjson.null. */
export function pushJson(L: LuaState, value: unknown, nullMarker: object): void {
  if (value === null) lua.lua_pushlightuserdata(L, nullMarker);
  else if (typeof value === 'string') pushText(L, value);
  else if (typeof value === 'number') lua.lua_pushnumber(L, value);
  else if (typeof value === 'boolean') lua.lua_pushboolean(L, value);
  else if (Array.isArray(value)) {
    lua.lua_createtable(L, value.length, 0);
    value.forEach((v, i) => {
      pushJson(L, v, nullMarker);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else {
    const obj = value as Record<string, unknown>;
    lua.lua_createtable(L, 0, Object.keys(obj).length);
    for (const [k, v] of Object.entries(obj)) {
      pushJson(L, v, nullMarker);
      lua.lua_setfield(L, -2, to_luastring(k));
    }
  }
}
