/**
 * INFO for the embedded server: Redis 7's sections and field names, "\r\n" line endings, values
 * taken from real activity (commands, hits, misses, evictions, expirations, clients, memory,
 * bytes moved). Fields the embedded server has no counterpart for are reported as Redis
 * reports them on an idle standalone server (role:master, zero CPU, no persistence).
 */
import { bytesToHuman } from '../../../sim/memory-model.js';
import type { MemoryBudget } from '../../../sim/memory-budget.js';
import type { NetworkCounters } from '../traffic.js';
import type { Keyspace } from './keyspace.js';
import type { ServerStats } from './stats.js';

/** What INFO reads from the server. */
export interface InfoSource {
  readonly port: number;
  readonly runId: string;
  readonly startedAt: number;
  readonly stats: ServerStats;
  readonly keyspace: Keyspace;
  readonly budget: MemoryBudget;
  readonly network: Readonly<NetworkCounters>;
  readonly connectedClients: number;
  readonly peakMemory: number;
  readonly pubsubChannels: number;
  readonly pubsubPatterns: number;
}

/** The Redis version the embedded server reports (the one it was calibrated against). */
const EMBEDDED_REDIS_VERSION = '7.0.15';

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace'];
const ALL_SECTIONS = [
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'modules',
  'commandstats',
  'errorstats',
  'latencystats',
  'cluster',
  'keyspace',
];

type Fields = [string, string | number][];

function sections(s: InfoSource, now: number): Record<string, () => Fields> {
  const used = s.budget.used();
  const max = s.budget.config.maxmemory;
  const baseline = s.budget.baseline();
  const uptime = Math.max(0, Math.floor((now - s.startedAt) / 1000));
  const pct = (a: number, b: number) => `${b > 0 ? ((a / b) * 100).toFixed(2) : '0.00'}%`;
  return {
    server: () => [
      ['redis_version', EMBEDDED_REDIS_VERSION],
      ['redis_git_sha1', '00000000'],
      ['redis_git_dirty', 0],
      ['redis_mode', 'standalone'],
      ['os', 'cachelab-embedded'],
      ['arch_bits', 64],
      ['multiplexing_api', 'embedded'],
      ['process_id', process.pid],
      ['process_supervised', 'no'],
      ['run_id', s.runId],
      ['tcp_port', s.port],
      ['server_time_usec', Math.floor(now * 1000)],
      ['uptime_in_seconds', uptime],
      ['uptime_in_days', Math.floor(uptime / 86400)],
      ['hz', 10],
      ['configured_hz', 10],
      ['lru_clock', Math.floor(now / 1000) & 0xffffff],
      ['executable', 'cachelab-embedded'],
      ['config_file', ''],
      ['io_threads_active', 0],
    ],
    clients: () => [
      ['connected_clients', s.connectedClients],
      ['cluster_connections', 0],
      ['maxclients', 10000],
      ['client_recent_max_input_buffer', 0],
      ['client_recent_max_output_buffer', 0],
      ['blocked_clients', 0],
      ['tracking_clients', 0],
      ['clients_in_timeout_table', 0],
    ],
    memory: () => [
      ['used_memory', used],
      ['used_memory_human', bytesToHuman(used)],
      ['used_memory_rss', used],
      ['used_memory_rss_human', bytesToHuman(used)],
      ['used_memory_peak', s.peakMemory],
      ['used_memory_peak_human', bytesToHuman(s.peakMemory)],
      ['used_memory_peak_perc', pct(used, s.peakMemory)],
      ['used_memory_overhead', baseline],
      ['used_memory_startup', s.budget.startup()],
      ['used_memory_dataset', used - baseline],
      ['used_memory_dataset_perc', pct(used - baseline, used - baseline)],
      ['maxmemory', max],
      ['maxmemory_human', bytesToHuman(max)],
      ['maxmemory_policy', s.budget.config.policy],
      ['mem_fragmentation_ratio', '1.00'],
      ['mem_allocator', 'jemalloc-5.3.0 (modelled)'],
      ['lazyfree_pending_objects', 0],
    ],
    persistence: () => [
      ['loading', 0],
      ['async_loading', 0],
      ['rdb_changes_since_last_save', 0],
      ['rdb_bgsave_in_progress', 0],
      ['rdb_last_save_time', Math.floor(s.startedAt / 1000)],
      ['rdb_last_bgsave_status', 'ok'],
      ['aof_enabled', 0],
      ['aof_rewrite_in_progress', 0],
      ['aof_last_write_status', 'ok'],
    ],
    stats: () => [
      ['total_connections_received', s.stats.connectionsReceived],
      ['total_commands_processed', s.stats.totalCommands],
      ['instantaneous_ops_per_sec', s.stats.opsPerSec(now)],
      ['total_net_input_bytes', s.network.bytesSent],
      ['total_net_output_bytes', s.network.bytesReceived],
      ['instantaneous_input_kbps', '0.00'],
      ['instantaneous_output_kbps', '0.00'],
      ['rejected_connections', 0],
      ['expired_keys', s.keyspace.expiredKeys],
      ['expired_stale_perc', '0.00'],
      ['evicted_keys', s.keyspace.evictedKeys],
      ['evicted_clients', 0],
      ['keyspace_hits', s.stats.keyspaceHits],
      ['keyspace_misses', s.stats.keyspaceMisses],
      ['pubsub_channels', s.pubsubChannels],
      ['pubsub_patterns', s.pubsubPatterns],
      ['latest_fork_usec', 0],
      ['total_forks', 0],
      ['total_error_replies', s.stats.errorReplies],
    ],
    replication: () => [
      ['role', 'master'],
      ['connected_slaves', 0],
      ['master_failover_state', 'no-failover'],
      ['master_repl_offset', 0],
    ],
    cpu: () => [
      ['used_cpu_sys', '0.000000'],
      ['used_cpu_user', '0.000000'],
      ['used_cpu_sys_children', '0.000000'],
      ['used_cpu_user_children', '0.000000'],
    ],
    modules: () => [],
    commandstats: () =>
      [...s.stats.commands].map(([name, c]) => [
        `cmdstat_${name}`,
        `calls=${c.calls},usec=0,usec_per_call=0.00,rejected_calls=${c.rejected},failed_calls=${c.failed}`,
      ]),
    errorstats: () => [...s.stats.errors].map(([code, count]) => [`errorstat_${code}`, `count=${count}`]),
    latencystats: () => [],
    cluster: () => [['cluster_enabled', 0]],
    keyspace: () => {
      s.keyspace.sweep();
      if (s.keyspace.size === 0) return [];
      return [['db0', `keys=${s.keyspace.size},expires=${s.keyspace.volatileSize},avg_ttl=${averageTtl(s, now)}`]];
    },
  };
}

function averageTtl(s: InfoSource, now: number): number {
  let sum = 0;
  let n = 0;
  for (const key of s.budget.keys.keys()) {
    const at = s.budget.keys.expireAtOf(key);
    if (at !== undefined) {
      sum += Math.max(0, at - now);
      n += 1;
    }
  }
  return n === 0 ? 0 : Math.round(sum / n);
}

/** Renders INFO [section …] ('default', 'all', 'everything' or section names, any case). */
export function renderInfo(source: InfoSource, requested: string[], now: number): string {
  const wanted = requested.map((r) => r.toLowerCase());
  let names: string[];
  if (wanted.length === 0 || wanted.includes('default')) names = DEFAULT_SECTIONS;
  else if (wanted.includes('all') || wanted.includes('everything')) names = ALL_SECTIONS;
  else names = ALL_SECTIONS.filter((n) => wanted.includes(n));
  const all = sections(source, now);
  const title = (n: string) => (n === 'cpu' ? 'CPU' : n[0]!.toUpperCase() + n.slice(1));
  return names
    .map((n) => [`# ${title(n)}`, ...all[n]!().map(([k, v]) => `${k}:${v}`)].join('\r\n'))
    .join('\r\n\r\n')
    .concat('\r\n');
}
