/**
 * The embedded server's Lua engine (EVAL, EVALSHA, defineCommand), on fengari. One Lua state per
 * server; each script body is compiled once and kept by SHA1, KEYS and ARGV are set before each
 * run, globals are read-only, and `redis.call` goes through the same command executor as the
 * network, so SET flags, memory accounting, OOM and keyspace stats behave inside scripts as in
 * Redis 7. Error texts follow Redis 7 ("… script: <sha>, on @user_script:<line>.").
 * ioredis-mock's own Lua bridge is not used because it calls its command functions directly.
 */
import { createHash } from 'node:crypto';
import { lauxlib, lua, lualib, to_luastring, type LuaState } from 'fengari';
import { ReplyError } from '../reply-error.js';
import type { Arg, Reply } from './context.js';
import { argAt, luaText, popReply, pushFieldTable, pushJson, pushReply, pushText, stringField, toJson } from './lua-convert.js';

/** Runs one command for a script; throws a ReplyError on a Redis error. */
export type ScriptDispatch = (name: string, args: Arg[]) => Reply;

/** SHA1 of a script body, as SCRIPT LOAD returns it. */
export function sha1(body: string): string {
  return createHash('sha1').update(body).digest('hex');
}

const PRELUDE = `
unpack = table.unpack
table.getn = function(t) return #t end
bit = {
  band = function(a, b) return a & b end, bor = function(a, b) return a | b end,
  bxor = function(a, b) return a ~ b end, bnot = function(a) return ~a end,
  lshift = function(a, n) return a << n end, rshift = function(a, n) return a >> n end,
  tobit = function(a) return a end,
}
io = nil
loadfile = nil
dofile = nil
setmetatable(_G, {
  __index = function(_, name) error("Script attempted to access nonexistent global variable '" .. tostring(name) .. "'", 2) end,
  __newindex = function() error("Attempt to modify a readonly table", 2) end,
})
`;

const ERR = to_luastring('err');

/** A Lua state that runs Redis scripts; see the module comment. */
export class LuaEngine {
  #L: LuaState;
  #dispatch: ScriptDispatch | undefined;
  #compiled = new Set<string>();
  #nullMarker = {};
  #line = 0;

  constructor() {
    const L = lauxlib.luaL_newstate();
    this.#L = L;
    lualib.luaL_openlibs(L);
    this.#installRedis(L);
    this.#installCjson(L);
    if (lauxlib.luaL_dostring(L, to_luastring(PRELUDE)) !== lua.LUA_OK) throw new Error(luaText(lua.lua_tolstring(L, -1)));
  }

  /** Runs `body` (known by `sha`) with KEYS and ARGV; `dispatch` executes its redis.call()s. */
  run(sha: string, body: string, keys: Arg[], argv: Arg[], dispatch: ScriptDispatch): Reply {
    const L = this.#L;
    const top = lua.lua_gettop(L);
    this.compile(sha, body);
    this.#setGlobalArray('KEYS', keys);
    this.#setGlobalArray('ARGV', argv);
    lua.lua_pushjsfunction(L, (S) => this.#onError(S));
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, to_luastring(`f_${sha}`));
    this.#dispatch = dispatch;
    try {
      if (lua.lua_pcall(L, 0, 1, top + 1) !== lua.LUA_OK) {
        const message = luaText(lua.lua_tolstring(L, -1));
        throw new ReplyError(`${message} script: ${sha}, on @user_script:${this.#line}.`);
      }
      return popReply(L);
    } finally {
      this.#dispatch = undefined;
      lua.lua_settop(L, top);
    }
  }

  /** SCRIPT FLUSH: forgets every compiled body. */
  flush(): void {
    for (const sha of this.#compiled) {
      lua.lua_pushnil(this.#L);
      lua.lua_setfield(this.#L, lua.LUA_REGISTRYINDEX, to_luastring(`f_${sha}`));
    }
    this.#compiled.clear();
  }

  /** Compiles `body` once (SCRIPT LOAD does it eagerly); throws Redis's compile error. */
  compile(sha: string, body: string): void {
    if (this.#compiled.has(sha)) return;
    const L = this.#L;
    const code = to_luastring(body);
    if (lauxlib.luaL_loadbuffer(L, code, code.length, to_luastring('@user_script')) !== lua.LUA_OK) {
      const message = luaText(lua.lua_tolstring(L, -1));
      lua.lua_pop(L, 1);
      throw new ReplyError(`ERR Error compiling script (new function): ${message}`);
    }
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, to_luastring(`f_${sha}`));
    this.#compiled.add(sha);
  }

  #setGlobalArray(name: string, values: Arg[]): void {
    const L = this.#L;
    lua.lua_pushglobaltable(L);
    pushText(L, name);
    lua.lua_createtable(L, values.length, 0);
    values.forEach((v, i) => {
      pushText(L, v);
      lua.lua_rawseti(L, -2, i + 1);
    });
    lua.lua_rawset(L, -3);
    lua.lua_pop(L, 1);
  }

  // Message handler: remembers the script line and turns the error into "ERR …" text.
  #onError(L: LuaState): number {
    const ar = new lua.lua_Debug();
    this.#line = 0;
    for (let level = 0; level < 20 && lua.lua_getstack(L, level, ar); level++) {
      lua.lua_getinfo(L, to_luastring('Sl'), ar);
      if (ar.currentline > 0 && luaText(ar.short_src).includes('user_script')) {
        this.#line = ar.currentline;
        break;
      }
    }
    const err = lua.lua_type(L, 1) === lua.LUA_TTABLE ? stringField(L, 1, ERR) : undefined;
    const message = err ?? `ERR ${luaText(lua.lua_tolstring(L, 1)) || 'unknown error'}`;
    pushText(L, message);
    return 1;
  }

  #call(L: LuaState, protectedCall: boolean): number {
    const fail = (message: string): number => {
      if (protectedCall) {
        pushFieldTable(L, 'err', message);
        return 1;
      }
      pushFieldTable(L, 'err', message);
      return lua.lua_error(L);
    };
    const argc = lua.lua_gettop(L);
    if (argc === 0) return fail('ERR Please specify at least one argument for this redis lib call');
    const args: string[] = [];
    for (let i = 1; i <= argc; i++) {
      const arg = argAt(L, i);
      if (arg === undefined) return fail('ERR Lua redis lib command arguments must be strings or integers');
      args.push(arg);
    }
    let reply: Reply;
    try {
      reply = this.#dispatch!(args[0]!, args.slice(1));
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
    pushReply(L, reply);
    return 1;
  }

  #installRedis(L: LuaState): void {
    lua.lua_createtable(L, 0, 16);
    const fn = (name: string, f: (S: LuaState) => number) => {
      lua.lua_pushjsfunction(L, f);
      lua.lua_setfield(L, -2, to_luastring(name));
    };
    fn('call', (S) => this.#call(S, false));
    fn('pcall', (S) => this.#call(S, true));
    fn('sha1hex', (S) => (pushText(S, sha1(luaText(lua.lua_tolstring(S, 1)))), 1));
    fn('status_reply', (S) => (pushFieldTable(S, 'ok', luaText(lua.lua_tolstring(S, 1))), 1));
    fn('error_reply', (S) => {
      // luaPushErrorBuff: "-CODE msg" keeps its code, a bare message gets "ERR ".
      const raw = luaText(lua.lua_tolstring(S, 1)).replace(/^-/, '');
      pushFieldTable(S, 'err', /^\S+ /.test(raw) ? raw : `ERR ${raw}`);
      return 1;
    });
    const noop = () => 0;
    for (const name of ['log', 'setresp', 'set_repl', 'breakpoint', 'debug']) fn(name, noop);
    fn('replicate_commands', (S) => (lua.lua_pushboolean(S, true), 1));
    const constants: [string, number][] = [
      ['LOG_DEBUG', 0],
      ['LOG_VERBOSE', 1],
      ['LOG_NOTICE', 2],
      ['LOG_WARNING', 3],
      ['REPL_NONE', 0],
      ['REPL_SLAVE', 1],
      ['REPL_REPLICA', 1],
      ['REPL_AOF', 2],
      ['REPL_ALL', 3],
    ];
    for (const [name, value] of constants) {
      lua.lua_pushinteger(L, value);
      lua.lua_setfield(L, -2, to_luastring(name));
    }
    lua.lua_setglobal(L, to_luastring('redis'));
  }

  #installCjson(L: LuaState): void {
    lua.lua_createtable(L, 0, 3);
    lua.lua_pushjsfunction(L, (S) => {
      try {
        pushText(S, JSON.stringify(toJson(S, 1, this.#nullMarker)));
      } catch (error) {
        pushText(S, (error as Error).message);
        return lua.lua_error(S);
      }
      return 1;
    });
    lua.lua_setfield(L, -2, to_luastring('encode'));
    lua.lua_pushjsfunction(L, (S) => {
      try {
        pushJson(S, JSON.parse(luaText(lua.lua_tolstring(S, 1))), this.#nullMarker);
      } catch (error) {
        pushText(S, `Expected value but found invalid token: ${(error as Error).message}`);
        return lua.lua_error(S);
      }
      return 1;
    });
    lua.lua_setfield(L, -2, to_luastring('decode'));
    lua.lua_pushlightuserdata(L, this.#nullMarker);
    lua.lua_setfield(L, -2, to_luastring('null'));
    lua.lua_setglobal(L, to_luastring('cjson'));
  }
}
