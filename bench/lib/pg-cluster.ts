import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './processes.ts';

/**
 * BENCH_START_PG=1: a throwaway PostgreSQL cluster for one benchmark run, like .ci/run's: the
 * newest major under /usr/lib/postgresql (apt-get install postgresql), a temp folder, a free
 * port, role and database `gds`. Durable settings stay at their defaults (fsync on), so the
 * figures are those of a normal server. Runs initdb/pg_ctl as the `postgres` user when root.
 */
export interface Cluster {
  url: string;
  version: string;
  stop(): void;
}

export async function startThrowawayCluster(): Promise<Cluster> {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb'))) : [];
  const version = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (!version) throw new Error('BENCH_START_PG=1 needs PostgreSQL server binaries: apt-get install postgresql');
  const bin = path.join(base, version, 'bin');
  const root = process.getuid?.() === 0;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gds-bench-pg-'));
  fs.chmodSync(home, 0o755);
  if (root) execFileSync('chown', ['postgres:postgres', home]);
  const asPg = (cmd: string, args: string[], input?: string) =>
    execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, {
      input,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
  const data = path.join(home, 'data');
  const port = await freePort();
  const password = randomBytes(18).toString('hex');
  asPg(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
  ]);
  fs.appendFileSync(
    path.join(data, 'postgresql.conf'),
    `listen_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = '${home}'\nmax_connections = 200\nshared_buffers = '512MB'\n`,
  );
  asPg(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(home, 'postgres.log'), '-w', '-t', '60', 'start']);
  asPg(
    path.join(bin, 'psql'),
    ['-h', home, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q'],
    `CREATE ROLE gds LOGIN PASSWORD '${password}';\nCREATE DATABASE gds OWNER gds;\n`,
  );
  let stopped = false;
  return {
    url: `postgres://gds:${password}@127.0.0.1:${port}/gds`,
    version,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        asPg(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    },
  };
}
