/**
 * Renders INFO replies the way Redis 6.2, Redis 7.0 and Valkey 8.0 write them, from a handful of
 * server figures (given code). The synthetic server replays labelled metric series through it, so
 * the student's parser reads the same formats a real server sends. The field lists follow each
 * version's INFO (lib/exercises/exercise-5-monitor/metrics/info/ holds one reply of each); what differs matters to a
 * monitor: Redis 6 has no `maxclients` or `cluster_connections` in INFO, Valkey 8 says
 * `server_name:valkey`, adds `valkey_version`, renames `redis_mode` to `server_mode`, and adds
 * fields of its own.
 */

/** The INFO dialects the kit can render. */
export const INFO_FLAVOURS = ['redis-6.2', 'redis-7.0', 'valkey-8.0'] as const;

/** One of {@link INFO_FLAVOURS}. */
export type InfoFlavour = (typeof INFO_FLAVOURS)[number];

/** The figures an INFO reply is rendered from. Counters are totals since the server started. */
export interface ServerFigures {
  runId: string;
  uptimeSeconds: number;
  connectedClients: number;
  maxClients: number;
  usedMemory: number;
  maxMemory: number;
  policy: string;
  connectionsReceived: number;
  commandsProcessed: number;
  opsPerSec: number;
  rejectedConnections: number;
  expiredKeys: number;
  evictedKeys: number;
  hits: number;
  misses: number;
  keys: number;
  expires: number;
}

const VERSION: Record<InfoFlavour, string> = { 'redis-6.2': '6.2.14', 'redis-7.0': '7.0.15', 'valkey-8.0': '7.2.4' };

function human(bytes: number): string {
  const units = ['B', 'K', 'M', 'G'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return u === 0 ? `${bytes}B` : `${v.toFixed(2)}${units[u]}`;
}

type Fields = [string, string | number][];

function server(f: InfoFlavour, s: ServerFigures): Fields {
  const head: Fields =
    f === 'valkey-8.0'
      ? [
          ['redis_version', VERSION[f]],
          ['server_name', 'valkey'],
          ['valkey_version', '8.0.1'],
          ['redis_git_sha1', 0],
          ['redis_git_dirty', 0],
          ['redis_build_id', '1cadaf78f6168f2d'],
          ['server_mode', 'standalone'],
        ]
      : [
          ['redis_version', VERSION[f]],
          ['redis_git_sha1', 0],
          ['redis_git_dirty', 0],
          ['redis_build_id', 'ae4d7c971a948f0'],
          ['redis_mode', 'standalone'],
        ];
  return [
    ...head,
    ['os', 'Linux 6.1.0-18-amd64 x86_64'],
    ['arch_bits', 64],
    ...(f === 'redis-6.2' ? [] : ([['monotonic_clock', 'POSIX clock_gettime']] as Fields)),
    ['multiplexing_api', 'epoll'],
    ...(f === 'valkey-8.0' ? [] : ([['atomicvar_api', 'c11-builtin']] as Fields)),
    ['gcc_version', '12.2.0'],
    ['process_id', 4242],
    ['process_supervised', 'no'],
    ['run_id', s.runId],
    ['tcp_port', 6379],
    ['server_time_usec', 1767225600000000 + s.uptimeSeconds * 1e6],
    ['uptime_in_seconds', s.uptimeSeconds],
    ['uptime_in_days', Math.floor(s.uptimeSeconds / 86400)],
    ['hz', 10],
    ['configured_hz', 10],
    ['lru_clock', s.uptimeSeconds % 16777216],
    ['executable', '/usr/bin/redis-server'],
    ['config_file', ''],
    ['io_threads_active', 0],
    ...(f === 'valkey-8.0'
      ? ([
          ['availability_zone', ''],
          ['listener0', 'name=tcp,bind=127.0.0.1,port=6379'],
        ] as Fields)
      : []),
  ];
}

function clients(f: InfoFlavour, s: ServerFigures): Fields {
  if (f === 'redis-6.2') {
    return [
      ['connected_clients', s.connectedClients],
      ['client_recent_max_input_buffer', 24],
      ['client_recent_max_output_buffer', 0],
      ['blocked_clients', 0],
      ['tracking_clients', 0],
      ['clients_in_timeout_table', 0],
    ];
  }
  const common: Fields = [
    ['connected_clients', s.connectedClients],
    ['cluster_connections', 0],
    ['maxclients', s.maxClients],
    ['client_recent_max_input_buffer', 20480],
    ['client_recent_max_output_buffer', 0],
    ['blocked_clients', 0],
    ['tracking_clients', 0],
  ];
  if (f === 'redis-7.0') return [...common, ['clients_in_timeout_table', 0]];
  return [
    ...common,
    ['pubsub_clients', 0],
    ['watching_clients', 0],
    ['clients_in_timeout_table', 0],
    ['total_watched_keys', 0],
    ['total_blocking_keys', 0],
    ['total_blocking_keys_on_nokey', 0],
  ];
}

function memory(f: InfoFlavour, s: ServerFigures): Fields {
  const rss = Math.round(s.usedMemory * 1.2);
  const fields: Fields = [
    ['used_memory', s.usedMemory],
    ['used_memory_human', human(s.usedMemory)],
    ['used_memory_rss', rss],
    ['used_memory_rss_human', human(rss)],
    ['used_memory_peak', s.usedMemory],
    ['used_memory_peak_human', human(s.usedMemory)],
    ['used_memory_peak_perc', '100.00%'],
    ['used_memory_overhead', 866_000],
    ['used_memory_startup', 862_000],
    ['used_memory_dataset', Math.max(0, s.usedMemory - 866_000)],
    ['total_system_memory', 25_769_803_776],
    ['total_system_memory_human', '24.00G'],
    ['maxmemory', s.maxMemory],
    ['maxmemory_human', human(s.maxMemory)],
    ['maxmemory_policy', s.policy],
    ['mem_fragmentation_ratio', '1.20'],
    ['mem_allocator', 'jemalloc-5.3.0'],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
  ];
  if (f !== 'redis-6.2') fields.push(['lazyfreed_objects', 0]);
  if (f === 'valkey-8.0') fields.push(['mem_overhead_db_hashtable_rehashing', 0]);
  return fields;
}

function stats(f: InfoFlavour, s: ServerFigures): Fields {
  const fields: Fields = [
    ['total_connections_received', s.connectionsReceived],
    ['total_commands_processed', s.commandsProcessed],
    ['instantaneous_ops_per_sec', s.opsPerSec],
    ['total_net_input_bytes', s.commandsProcessed * 40],
    ['total_net_output_bytes', s.commandsProcessed * 300],
    ['instantaneous_input_kbps', '0.00'],
    ['instantaneous_output_kbps', '0.00'],
    ['rejected_connections', s.rejectedConnections],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', s.expiredKeys],
    ['expired_stale_perc', '0.00'],
    ['expired_time_cap_reached_count', 0],
    ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', s.evictedKeys],
  ];
  if (f !== 'redis-6.2') fields.push(['evicted_clients', 0]);
  if (f === 'valkey-8.0') fields.push(['evicted_scripts', 0], ['total_eviction_exceeded_time', 0], ['current_eviction_exceeded_time', 0]);
  fields.push(['keyspace_hits', s.hits], ['keyspace_misses', s.misses], ['pubsub_channels', 0], ['pubsub_patterns', 0]);
  if (f !== 'redis-6.2') fields.push(['pubsubshard_channels', 0]);
  fields.push(
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['total_error_replies', 0],
    ['total_reads_processed', s.commandsProcessed],
    ['total_writes_processed', s.commandsProcessed],
  );
  if (f === 'valkey-8.0') fields.push(['eventloop_cycles', s.commandsProcessed], ['instantaneous_eventloop_cycles_per_sec', s.opsPerSec]);
  return fields;
}

/** An INFO reply (default sections) in `flavour`'s dialect, with "\r\n" line ends as servers send. */
export function renderInfo(flavour: InfoFlavour, s: ServerFigures): string {
  const sections: [string, Fields][] = [
    ['Server', server(flavour, s)],
    ['Clients', clients(flavour, s)],
    ['Memory', memory(flavour, s)],
    [
      'Persistence',
      [
        ['loading', 0],
        ['rdb_changes_since_last_save', 0],
        ['rdb_bgsave_in_progress', 0],
        ['rdb_last_bgsave_status', 'ok'],
        ['aof_enabled', 0],
      ],
    ],
    ['Stats', stats(flavour, s)],
    [
      'Replication',
      [
        ['role', 'master'],
        ['connected_slaves', 0],
        ['master_repl_offset', 0],
      ],
    ],
    [
      'CPU',
      [
        ['used_cpu_sys', '1.000000'],
        ['used_cpu_user', '2.000000'],
      ],
    ],
    ['Modules', []],
    ...(flavour === 'redis-6.2' ? [] : ([['Errorstats', []]] as [string, Fields][])),
    ['Cluster', [['cluster_enabled', 0]]],
    ['Keyspace', s.keys > 0 ? [['db0', `keys=${s.keys},expires=${s.expires},avg_ttl=${s.expires > 0 ? 300_000 : 0}`]] : []],
  ];
  return sections.map(([name, fields]) => [`# ${name}`, ...fields.map(([k, v]) => `${k}:${v}`)].join('\r\n')).join('\r\n\r\n') + '\r\n';
}
