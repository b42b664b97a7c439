import { describe, expect, it } from 'vitest';
import { replySize, requestSize } from '../backends/cache/resp.js';
import { bytesCost, commandCost, DEFAULT_COST_MODEL as m, InvalidCostModelError, validateCostModel } from './cost-model.js';

const value = (bytes: number) => 'x'.repeat(bytes);
const get = (key: string, bytes: number) => commandCost(m, { requestBytes: requestSize('get', [key]), replyBytes: replySize(value(bytes)) }).totalMs;

// The worked example of docs/cost-model.md, figure by figure.
describe('cost model worked example (docs/cost-model.md)', () => {
  it('sizes requests and replies in RESP2', () => {
    expect(requestSize('get', ['user:42'])).toBe(26); // *2\r\n $3\r\nget\r\n $7\r\nuser:42\r\n
    expect(replySize(value(1024))).toBe(1033); // $1024\r\n…\r\n
    expect(replySize(null)).toBe(5);
  });

  it('prices a GET hit of 1 KiB at 1.03 ms and of 200 KiB at 4.61 ms (cache hits take 1–5 ms)', () => {
    expect(get('user:42', 1024)).toBeCloseTo(1.0286, 4);
    expect(get('user:42', 100 * 1024)).toBeCloseTo(2.8107, 4);
    expect(get('user:42', 200 * 1024)).toBeCloseTo(4.6107, 4);
  });

  it('charges the connection set-up once, on the first exchange', () => {
    const first = commandCost(m, { requestBytes: requestSize('set', ['user:42', value(1024)]), replyBytes: 5, connect: true });
    expect(first.connectMs).toBe(3);
    expect(first.totalMs).toBeCloseTo(4.0287, 4);
  });

  it('makes a pipeline of 10 GETs one round trip: 1.29 ms instead of 10.29 ms', () => {
    const pipeline = commandCost(m, { requestBytes: 10 * 26, replyBytes: 10 * 1033, commands: 10 });
    expect(pipeline.totalMs).toBeCloseTo(1.2862, 4);
    expect(10 * get('user:42', 1024)).toBeCloseTo(10.2862, 4);
  });

  it('reproduces the platform: a naive request averages about 150 ms, an optimised one under 50 ms', () => {
    const post = get('post:12345', 4096);
    const timeline = get('timeline:42', 2 * 1024 * 1024);
    const parse2MiB = bytesCost({ ...m, transferMsPerKiB: 0 }, 2 * 1024 * 1024);
    const setBack = commandCost(m, { requestBytes: requestSize('set', ['post:12345', value(4096)]), replyBytes: 5 }).totalMs;
    const dbMs = 125; // mean of database queries of 50–200 ms
    const naive = m.connectMs + 40 * post + timeline + parse2MiB + 0.35 * (dbMs + setBack);
    expect(post).toBeCloseTo(1.0827, 4);
    expect(timeline).toBeCloseTo(37.8748, 4);
    expect(parse2MiB).toBeCloseTo(20.48, 4);
    expect(naive).toBeCloseTo(148.79, 2);
    const pipelined = commandCost(m, { requestBytes: 40 * requestSize('get', ['post:12345']), replyBytes: 40 * replySize(value(4096)), commands: 40 }).totalMs;
    const compressed = get('timeline:42', 400 * 1024);
    const optimised = pipelined + compressed + parse2MiB + 0.1 * (dbMs + setBack);
    expect(pipelined).toBeCloseTo(4.3074, 4);
    expect(optimised).toBeCloseTo(45.61, 2);
  });
});

describe('cost model validation', () => {
  it('splits an exchange into uplink, server and downlink that add up', () => {
    const c = commandCost(m, { requestBytes: 2048, replyBytes: 1024, commands: 3 });
    expect(c.uplinkMs).toBeCloseTo(0.5 + 2 * 0.018, 10);
    expect(c.serverMs).toBeCloseTo(0.03, 10);
    expect(c.downlinkMs).toBeCloseTo(0.5 + 0.018, 10);
    expect(c.totalMs).toBeCloseTo(c.uplinkMs + c.serverMs + c.downlinkMs, 10);
  });

  it('rejects negative or non-finite prices, naming the field', () => {
    expect(() => validateCostModel({ ...m, roundTripMs: -1 })).toThrow(InvalidCostModelError);
    expect(() => validateCostModel({ ...m, connectMs: Number.NaN })).toThrow(/connectMs/);
    expect(validateCostModel({ ...m })).toEqual(m);
  });
});
