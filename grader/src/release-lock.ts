/**
 * The student edition's package.json and package-lock.json without the instructor-only
 * dependencies (Dolos, for the class similarity check): `npm ci` there installs exactly what the
 * kit without them would, and the lock stays in sync with package.json (npm ci refuses otherwise).
 */

/** Dependencies of the kit only the instructor's tools need (never installed in the student edition). */
const INSTRUCTOR_DEPENDENCIES = ['@dodona/dolos-lib'];

type Deps = Record<string, string>;
export interface PackageJson {
  dependencies?: Deps;
  devDependencies?: Deps;
  optionalDependencies?: Deps;
  peerDependencies?: Deps;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  overrides?: Record<string, unknown>;
  allowScripts?: Record<string, boolean>;
}
export interface Lock {
  packages?: Record<string, PackageJson & { version?: string; dev?: boolean; optional?: boolean; devOptional?: boolean }>;
}

function drop(pkg: PackageJson, names: readonly string[]): void {
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
    const deps = pkg[field];
    if (!deps) continue;
    for (const n of names) delete deps[n];
    if (Object.keys(deps).length === 0) delete pkg[field];
  }
}

const FLAGS = ['dev', 'optional', 'devOptional'];

/** `entry` with `flags` in place of its dependency flags, keeping npm's key order (unchanged when they agree). */
function withFlags<T extends object>(entry: T, flags: Record<string, boolean>): T {
  const current = Object.fromEntries(Object.entries(entry).filter(([k]) => FLAGS.includes(k)));
  if (JSON.stringify(current) === JSON.stringify(flags)) return entry;
  const out: Record<string, unknown> = {};
  let placed = false;
  for (const [k, v] of Object.entries(entry)) {
    if (!FLAGS.includes(k)) out[k] = v;
    else if (!placed) {
      Object.assign(out, flags);
      placed = true;
    }
  }
  return (placed ? out : { ...out, ...flags }) as T;
}

/** Where `name` resolves from the package at `from` (Node's lookup: the nearest node_modules up the tree). */
function resolveIn(packages: Record<string, unknown>, from: string, name: string): string | null {
  for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
    const loc = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (loc in packages) return loc;
    if (!dir) return null;
  }
}

/** Removes `names` from package.json (and the overrides and allowScripts only they needed) and the lock, pruning what only they pulled in. */
export function withoutDependencies(pkg: PackageJson, lock: Lock, names: readonly string[] = INSTRUCTOR_DEPENDENCIES): { pkg: PackageJson; lock: Lock } {
  const newPkg = structuredClone(pkg);
  const newLock = structuredClone(lock);
  drop(newPkg, names);
  const packages = newLock.packages ?? {};
  if (packages['']) drop(packages[''], names);
  // What is still reachable from the root, and how: through a dev edge, an optional edge, both or neither.
  const reach = new Map<string, Set<string>>();
  const queue: [loc: string, dev: boolean, optional: boolean][] = [['', false, false]];
  while (queue.length > 0) {
    const [loc, dev, optional] = queue.pop()!;
    const key = `${dev}/${optional}`;
    if (reach.get(loc)?.has(key)) continue;
    reach.set(loc, (reach.get(loc) ?? new Set()).add(key));
    const entry = packages[loc] ?? {};
    const edges: [Deps | undefined, boolean, boolean][] = [
      [entry.dependencies, false, false],
      [entry.optionalDependencies, false, true],
      [Object.fromEntries(Object.entries(entry.peerDependencies ?? {}).filter(([n]) => !entry.peerDependenciesMeta?.[n]?.optional)), false, false],
      [loc === '' ? entry.devDependencies : undefined, true, false],
    ];
    for (const [deps, viaDev, viaOptional] of edges) {
      for (const n of Object.keys(deps ?? {})) {
        const to = resolveIn(packages, loc, n);
        if (to) queue.push([to, dev || viaDev, optional || viaOptional]);
      }
    }
  }
  for (const loc of Object.keys(packages)) {
    if (loc === '') continue;
    const how = reach.get(loc);
    if (!how) {
      delete packages[loc];
      continue;
    }
    // npm's flags: dev (needed only for development), optional (only through optional dependencies), devOptional (either).
    const dev = !how.has('false/false') && !how.has('false/true');
    const optional = !how.has('false/false') && !how.has('true/false');
    const flags = {
      ...(dev ? { dev: true } : {}),
      ...(optional ? { optional: true } : {}),
      ...(!how.has('false/false') && !dev && !optional ? { devOptional: true } : {}),
    };
    packages[loc] = withFlags(packages[loc]!, flags);
  }
  const present = new Set(Object.keys(packages).map((loc) => loc.slice(loc.lastIndexOf('node_modules/') + 'node_modules/'.length)));
  // Overrides and install-script approvals (npm 11's allowScripts) of packages no longer installed go too.
  for (const field of ['overrides', 'allowScripts'] as const) {
    const entries = newPkg[field];
    if (!entries) continue;
    for (const key of Object.keys(entries)) if (!present.has(key.replace(/(?<=.)@.*$/, ''))) delete entries[key];
    if (Object.keys(entries).length === 0) delete newPkg[field];
  }
  return { pkg: newPkg, lock: newLock };
}
