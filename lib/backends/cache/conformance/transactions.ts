/**
 * Conformance cases on pipelines, MULTI/EXEC, WATCH, pub/sub between two clients, and the
 * traffic and network counters every backend keeps (shared scope).
 */
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance.js';
import { sleep } from '../conformance.js';

/** Registers the transaction, pub/sub and counter cases. */
export function registerTransactionCases(ctx: ConformanceContext): void {
  const c = () => ctx.client('shared');
  const k = (name: string) => ctx.key(name);

  describe('pipelines and transactions', () => {
    it('returns [err, reply] pairs from a pipeline, errors included', async () => {
      await c().set(k('p-text'), 'abc');
      const replies = await c().pipeline().set(k('p1'), '1').incr(k('p1')).incr(k('p-text')).get(k('p1')).exec();
      expect(replies!.map(([err, value]) => (err ? err.message : value))).toEqual(['OK', 2, 'ERR value is not an integer or out of range', '2']);
    });

    it('runs MULTI/EXEC atomically and aborts on a queue-time error', async () => {
      const replies = await c().multi().set(k('x1'), 'a').append(k('x1'), 'b').get(k('x1')).exec();
      expect(replies).toEqual([
        [null, 'OK'],
        [null, 2],
        [null, 'ab'],
      ]);
      const broken = c().multi().set(k('x2'), 'a') as unknown as { call(...a: unknown[]): unknown; exec(): Promise<unknown> };
      broken.call('set', k('x2'));
      await expect(broken.exec()).rejects.toThrow(/^EXECABORT Transaction discarded because of previous errors/);
      expect(await c().exists(k('x2'))).toBe(0);
    });

    it('makes EXEC return null when a WATCHed key changed', async () => {
      const other = ctx.server('shared').createClient('conformance-watcher');
      try {
        await c().set(k('w'), '1');
        await c().watch(k('w'));
        await other.set(k('w'), '2');
        expect(await c().multi().set(k('w'), '3').exec()).toBeNull();
        expect(await c().get(k('w'))).toBe('2');
        await c().watch(k('w'));
        expect(await c().multi().set(k('w'), '4').exec()).toEqual([[null, 'OK']]);
      } finally {
        await other.quit();
      }
    });
  });

  describe('pub/sub', () => {
    it('delivers a message published by one client to a subscriber on another', async () => {
      const channel = k('news');
      const subscriber = ctx.server('shared').createClient('conformance-sub');
      const publisher = ctx.server('shared').createClient('conformance-pub');
      try {
        const received: string[] = [];
        subscriber.on('message', (ch: string, message: string) => received.push(`${ch}=${message}`));
        expect(await subscriber.subscribe(channel)).toBe(1);
        await expect(subscriber.get(k('any'))).rejects.toThrow(/subscriber mode/);
        expect(await publisher.publish(channel, 'hello')).toBe(1);
        for (let i = 0; i < 50 && received.length === 0; i++) await sleep(10);
        expect(received).toEqual([`${channel}=hello`]);
      } finally {
        await subscriber.quit();
        await publisher.quit();
      }
    });
  });

  describe('traffic and network counters', () => {
    it('counts commands by name and accesses by key, for this server’s clients only', async () => {
      const server = ctx.server('shared');
      const client = server.createClient('conformance-traffic');
      try {
        await client.ping();
        server.resetTraffic();
        await client.set(k('hot'), '1');
        await client.get(k('hot'));
        await client.get(k('hot'));
        await client.mget(k('hot'), k('cold'));
        await client.eval('return 1', 1, k('scripted'));
        const traffic = server.traffic();
        expect(traffic.commands.get('get')).toBe(2);
        expect(traffic.commands.get('mget')).toBe(1);
        expect(traffic.keys.get(k('hot'))).toBe(4);
        expect(traffic.keys.get(k('cold'))).toBe(1);
        expect(traffic.keys.get(k('scripted'))).toBe(1);
      } finally {
        await client.quit();
      }
    });

    it('counts one round trip per command and per pipeline, and bytes both ways', async () => {
      const server = ctx.server('shared');
      const client = server.createClient('conformance-net');
      try {
        await client.ping();
        const before = server.networkOf(client)!;
        expect(before.connectionsOpened).toBe(1);
        await client.set(k('net'), 'x'.repeat(100));
        await client.pipeline().get(k('net')).get(k('net')).get(k('net')).exec();
        await client.multi().get(k('net')).get(k('net')).exec();
        const after = server.networkOf(client)!;
        expect(after.roundTrips - before.roundTrips).toBe(3);
        expect(after.commands - before.commands).toBe(1 + 3 + 4);
        expect(after.bytesSent - before.bytesSent).toBeGreaterThan(100);
        // 5 GET replies of 100 bytes ($100\r\n…\r\n = 107 bytes each) plus OK/QUEUED/EXEC framing
        expect(after.bytesReceived - before.bytesReceived).toBeGreaterThanOrEqual(5 * 107);
        expect(server.network().roundTrips).toBeGreaterThanOrEqual(after.roundTrips);
      } finally {
        await client.quit();
      }
    });
  });
}
