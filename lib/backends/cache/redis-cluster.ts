/**
 * A real Redis Cluster on loopback, for tests and load checks that need what a hot key meets in
 * production: N cluster-enabled redis-server (or valkey-server) processes of its own, formed with
 * `redis-cli --cluster create … --cluster-replicas R --cluster-yes` (default 6 nodes: 3 masters
 * with a replica each), reached through ioredis's `Cluster` client. Unlike the client-side router
 * of cluster.ts, the servers own the slot map: a client that asks the wrong node gets MOVED, a
 * slot being migrated answers ASK, and replicas serve reads to a client that sent READONLY
 * (ioredis `scaleReads`). Per-node load comes from each node's own INFO commandstats.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Cluster, Redis, type ClusterOptions } from 'ioredis';
import { RedisProcessError } from './errors.js';
import { startRedisServer, type RedisProcess, type ServerKind } from './redis-process.js';

/** One node of a {@link RedisClusterProcess}, as CLUSTER NODES describes it. */
export interface ClusterNodeInfo {
  id: string;
  port: number;
  role: 'master' | 'replica';
  /** The master's id (replicas only). */
  masterId?: string;
  /** Slot ranges [first, last] the node serves (masters only). */
  slots: [number, number][];
}

/** A running Redis Cluster this process started. */
export interface RedisClusterProcess {
  readonly ports: readonly number[];
  /** `127.0.0.1:<port>` of every node, for ioredis `new Cluster(startupNodes)`. */
  readonly startupNodes: readonly { host: string; port: number }[];
  /** The nodes as CLUSTER NODES on the first node reports them now. */
  nodes(): Promise<ClusterNodeInfo[]>;
  /** A plain (non-cluster) client of the node on `port`, for INFO, CLUSTER … and checks. */
  nodeClient(port: number): Redis;
  /** An ioredis Cluster client over every node; `options` as ioredis takes them (scaleReads, …). */
  client(options?: ClusterOptions): Cluster;
  /** Moves `slot` and its keys to the master on `toPort` (resharding, keys migrated in batches). */
  migrateSlot(slot: number, toPort: number, options?: { batch?: number; pauseMs?: number }): Promise<{ keys: number }>;
  /**
   * Manual failover (CLUSTER FAILOVER on the replica on `replicaPort`): the replica and its master
   * swap roles without losing a write, and this returns once every node sees the replica as the
   * master of the slots. Clients still on the old master get MOVED.
   */
  failover(replicaPort: number, options?: { timeoutMs?: number }): Promise<void>;
  /** Stops every node and removes their data folder. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /** Nodes in all (default 6). */
  nodes?: number;
  /** Replicas per master (default 1). */
  replicas?: number;
  /** Loopback ports, one per node; their cluster bus ports (+10000) must be free too. Default: a free block from 7040. */
  ports?: number[];
  /** Which server binary (default `any`: redis-server, else valkey-server). */
  server?: ServerKind;
  /** How long to wait for the cluster to agree (default 20 s). */
  timeoutMs?: number;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A claim on one port across the processes of this machine (parallel test files, other runs): a
 * file in the temporary folder created exclusively, holding our pid. A claim whose process is
 * gone is stale and taken over. Checking that a port is free is not enough: two processes can
 * find the same block free before either has started a server on it.
 */
function claimPort(port: number): boolean {
  const file = path.join(tmpdir(), `cachelab-redis-cluster-port-${port}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return true;
    } catch {
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(file, 'utf8'));
      } catch {
        continue; // released meanwhile: try again
      }
      if (owner === process.pid || processAlive(owner)) return false;
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  return false;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releasePorts(ports: readonly number[]): void {
  for (const port of ports) {
    const file = path.join(tmpdir(), `cachelab-redis-cluster-port-${port}.lock`);
    try {
      if (Number(readFileSync(file, 'utf8')) === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  }
}

/**
 * `count` consecutive loopback ports from `from`, each with its cluster bus port (+10000) free,
 * claimed for this process until {@link releasePorts}.
 */
async function freeClusterPorts(count: number, from = 7040, to = 7299): Promise<number[]> {
  // Start at a random offset so parallel runs rarely try the same block.
  const span = to - from + 1 - count;
  const start = from + Math.floor(Math.random() * Math.max(1, span));
  for (let i = 0; i <= span; i++) {
    const base = from + ((start - from + i) % (span + 1));
    const ports = Array.from({ length: count }, (_, k) => base + k);
    const claimed: number[] = [];
    for (const p of ports) {
      if (!claimPort(p)) break;
      claimed.push(p);
    }
    let ok = claimed.length === count;
    if (ok) for (const p of ports) if (!(await portFree(p)) || !(await portFree(p + 10_000))) ok = false;
    if (ok) return ports;
    releasePorts(claimed);
  }
  throw new RedisProcessError(`No ${count} consecutive free loopback ports (with their cluster bus ports) between ${from} and ${to}.`);
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => (out += String(error)));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out });
    });
  });
}

/** Parses CLUSTER NODES. */
function parseClusterNodes(text: string): ClusterNodeInfo[] {
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id, addr, flags, master, , , , , ...slotSpecs] = line.split(' ');
      const port = Number(addr!.split('@')[0]!.split(':').pop());
      const isMaster = flags!.split(',').includes('master');
      const slots = slotSpecs
        .filter((s) => !s.startsWith('['))
        .map((s): [number, number] => {
          const [a, b] = s.split('-').map(Number);
          return [a!, b ?? a!];
        });
      return { id: id!, port, role: isMaster ? ('master' as const) : ('replica' as const), ...(isMaster ? {} : { masterId: master! }), slots };
    })
    .sort((a, b) => a.port - b.port);
}

/** Every `cmdstat_<name>:calls=N` of INFO commandstats, by command name (lower case). */
export function parseCommandStats(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(m[1]!.toLowerCase(), Number(m[2]));
  return calls;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the nodes, forms the cluster and waits until every node reports cluster_state:ok, all
 * agree on the map, and every master's replicas are listed in CLUSTER SLOTS (synced).
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisClusterProcess> {
  const count = options.nodes ?? 6;
  const replicas = options.replicas ?? 1;
  if (count % (replicas + 1) !== 0 || count / (replicas + 1) < 3) {
    throw new RedisProcessError(
      `A Redis Cluster of ${count} nodes with ${replicas} replica(s) per master is not possible: it needs at least 3 masters and (replicas + 1) × masters nodes.`,
    );
  }
  const claimed = options.ports ? [] : await freeClusterPorts(count);
  const ports = options.ports ?? claimed;
  const releaseOnExit = () => releasePorts(claimed);
  process.once('exit', releaseOnExit);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cachelab-redis-cluster-'));
  const processes: RedisProcess[] = [];
  const clients = new Map<number, Redis>();
  const nodeClient = (port: number): Redis => {
    let c = clients.get(port);
    if (!c) {
      c = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1, lazyConnect: false });
      c.on('error', () => undefined);
      clients.set(port, c);
    }
    return c;
  };
  const stop = async (): Promise<void> => {
    for (const c of clients.values()) c.disconnect();
    clients.clear();
    await Promise.all(processes.map((p) => p.stop()));
    rmSync(dataDir, { recursive: true, force: true });
    releasePorts(claimed);
    process.off('exit', releaseOnExit);
  };
  try {
    for (const port of ports) {
      processes.push(
        await startRedisServer({
          port,
          ...(options.server ? { server: options.server } : {}),
          config: { 'cluster-enabled': 'yes', 'cluster-config-file': `nodes-${port}.conf`, 'cluster-node-timeout': '3000', dir: dataDir },
        }),
      );
    }
    const created = await run(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes'],
      options.timeoutMs ?? 20_000,
    );
    if (created.code !== 0) throw new RedisProcessError(`redis-cli --cluster create failed: ${created.out.trim().split('\n').slice(-3).join(' ')}`);
    const deadline = Date.now() + (options.timeoutMs ?? 20_000);
    for (;;) {
      const infos = await Promise.all(ports.map((p) => nodeClient(p).cluster('INFO')));
      const views = await Promise.all(ports.map((p) => nodeClient(p).cluster('NODES') as Promise<string>));
      // A replica shows in CLUSTER SLOTS (where ioredis learns it for scaleReads) once its first sync is done.
      const slots = (await nodeClient(ports[0]!).cluster('SLOTS')) as unknown[][];
      const synced = slots.length > 0 && slots.every((range) => range.length - 3 === replicas);
      const ok = synced && infos.every((i) => /cluster_state:ok/.test(i) && new RegExp(`cluster_known_nodes:${count}\\b`).test(i));
      const maps = views.map((v) => JSON.stringify(parseClusterNodes(v).map((n) => [n.port, n.role, n.slots])));
      if (ok && maps.every((m) => m === maps[0])) break;
      if (Date.now() > deadline)
        throw new RedisProcessError(`The Redis Cluster on ports ${ports.join(', ')} did not agree on its slot map within ${options.timeoutMs ?? 20_000} ms.`);
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const startupNodes = ports.map((port) => ({ host: '127.0.0.1', port }));
  const nodes = async () => parseClusterNodes((await nodeClient(ports[0]!).cluster('NODES')) as string);
  return {
    ports,
    startupNodes,
    nodes,
    nodeClient,
    client: (clusterOptions = {}) => new Cluster(startupNodes, { ...clusterOptions }),
    async migrateSlot(slot, toPort, { batch = 10, pauseMs = 0 } = {}) {
      const all = await nodes();
      const to = all.find((n) => n.port === toPort && n.role === 'master');
      const from = all.find((n) => n.role === 'master' && n.slots.some(([a, b]) => slot >= a && slot <= b));
      if (!to || !from)
        throw new RedisProcessError(`Cannot migrate slot ${slot} to 127.0.0.1:${toPort}: ${!to ? 'no master on that port' : 'no master serves the slot'}.`);
      if (from.id === to.id) return { keys: 0 };
      const source = nodeClient(from.port);
      const target = nodeClient(to.port);
      // The order redis-cli --cluster reshard uses: IMPORTING on the target first, then MIGRATING.
      await target.cluster('SETSLOT', slot, 'IMPORTING', from.id);
      await source.cluster('SETSLOT', slot, 'MIGRATING', to.id);
      let moved = 0;
      for (;;) {
        const keys = await source.cluster('GETKEYSINSLOT', slot, batch);
        if (keys.length === 0) break;
        await source.migrate('127.0.0.1', String(to.port), '', 0, 5000, 'REPLACE', 'KEYS', ...keys);
        moved += keys.length;
        if (pauseMs > 0) await sleep(pauseMs);
      }
      // Target first, then the source, then every other master: as redis-cli does it.
      await target.cluster('SETSLOT', slot, 'NODE', to.id);
      await source.cluster('SETSLOT', slot, 'NODE', to.id);
      for (const m of all.filter((n) => n.role === 'master' && n.id !== from.id && n.id !== to.id))
        await nodeClient(m.port).cluster('SETSLOT', slot, 'NODE', to.id);
      return { keys: moved };
    },
    async failover(replicaPort, { timeoutMs = 30_000 } = {}) {
      const before = await nodes();
      const replica = before.find((n) => n.port === replicaPort && n.role === 'replica');
      const master = before.find((n) => n.id === replica?.masterId);
      if (!replica || !master) throw new RedisProcessError(`Cannot fail over to 127.0.0.1:${replicaPort}: it is not a replica of a master of this cluster.`);
      await nodeClient(replicaPort).cluster('FAILOVER');
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const views = await Promise.all(ports.map(async (p) => parseClusterNodes((await nodeClient(p).cluster('NODES')) as string)));
        const done = views.every((v) => {
          const promoted = v.find((n) => n.id === replica.id);
          const demoted = v.find((n) => n.id === master.id);
          return promoted?.role === 'master' && promoted.slots.length === master.slots.length && demoted?.role === 'replica';
        });
        if (done) return;
        if (Date.now() > deadline)
          throw new RedisProcessError(
            `The failover of 127.0.0.1:${master.port} to its replica 127.0.0.1:${replicaPort} did not complete on every node within ${timeoutMs} ms.`,
          );
        await sleep(100);
      }
    },
    stop,
  };
}
