import pg from 'pg';

// Summarises a V8 CPU profile of the API: self time by component (package, app module, GC, idle…), and
// inclusive time of a few functions worth knowing about (token verification, validation, the unit of work…).

function component(frame, root) {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8 garbage collector';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return '(program: native, not attributed)';
    return `native: ${functionName || '(anonymous)'}`;
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    const groups = {
      jose: 'jose (JWT)',
      zod: 'zod (validation)',
      pg: 'pg driver',
      'pg-protocol': 'pg driver',
      'pg-pool': 'pg driver',
      'pg-types': 'pg driver',
      'postgres-array': 'pg driver',
      'socket.io': 'socket.io',
      'socket.io-adapter': 'socket.io',
      'socket.io-parser': 'socket.io',
      'engine.io': 'engine.io',
      'engine.io-parser': 'engine.io',
      ws: 'ws',
      fastify: 'fastify',
      'find-my-way': 'fastify',
      avvio: 'fastify',
      'light-my-request': 'fastify',
      '@fastify/helmet': 'helmet',
      helmet: 'helmet',
      rxjs: 'rxjs (Nest pipeline)',
      pino: 'pino (logging)',
      'pino-http': 'pino (logging)',
      'nestjs-pino': 'pino (logging)',
      'pg-boss': 'pg-boss',
      eventemitter2: 'eventemitter2 (Nest events)',
      '@turf/boolean-point-in-polygon': 'turf (point in polygon)',
      'point-in-polygon-hao': 'turf (point in polygon)',
      flatbush: 'flatbush',
    };
    if (groups[pkg]) return groups[pkg];
    if (pkg.startsWith('@nestjs/')) return `${pkg}`;
    if (pkg.startsWith('@turf/')) return 'turf (point in polygon)';
    return pkg;
  }
  if (url.startsWith('node:')) {
    const mod = url.slice(5).replace(/^internal\//, '');
    if (/^(net|stream|streams\/|http|_http|buffer|timers|events|async_hooks|process\/)/.test(mod))
      return `node core: ${mod.split('/')[0].replace(/^_http.*/, 'http')}`;
    return `node core: ${mod.split('/')[0]}`;
  }
  const app = url.indexOf('/apps/api/dist/');
  if (app >= 0) return `app: ${url.slice(app + 15).split('/')[0]}`;
  const lib = url.indexOf('/libs/');
  if (lib >= 0) return `lib: ${url.slice(lib + 6).split('/')[0]}`;
  return url.replace(root, '');
}

export function summarizeProfile(profile, root) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const inclusive = new Map();
  let totalUs = 0;
  let idleUs = 0;
  const { samples, timeDeltas } = profile;
  for (let k = 0; k < samples.length; k++) {
    const dt = timeDeltas[k + 1] ?? 0;
    const node = byId.get(samples[k]);
    const name = component(node.callFrame, root);
    totalUs += dt;
    if (name === '(idle)') {
      idleUs += dt;
      continue;
    }
    self.set(name, (self.get(name) ?? 0) + dt);
    const seen = new Set();
    for (let id = samples[k]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      if (!f.functionName || !f.url) continue;
      const key = `${f.functionName} (${f.url.replace(/^.*\/(node_modules|apps|libs)\//, '$1/')})`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  }
  const busyUs = totalUs - idleUs;
  const categories = [...self.entries()].map(([name, t]) => ({ name, ms: t / 1000, share: t / busyUs })).sort((a, b) => b.ms - a.ms);
  const top = [...inclusive.entries()]
    .filter(([key]) => key.includes('apps/api/dist') || /jose|zod|socket\.io|engine\.io|pg\/lib|fastify\/lib|nestjs\/core/.test(key))
    .map(([name, t]) => ({ name, ms: t / 1000, share: t / busyUs }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 40);
  return { totalMs: totalUs / 1000, busyMs: busyUs / 1000, idleShare: idleUs / totalUs, categories, inclusive: top };
}

/** Statements the API ran since the last pg_stat_statements_reset(): totals and the heaviest by server time. */
export async function sqlSummary(pg) {
  const { rows } = await pg.query(
    `SELECT query, calls::float8 AS calls, total_exec_time AS ms, total_plan_time AS plan_ms, rows::float8 AS rows
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT LIKE '%pg_stat_statements%'
      ORDER BY total_exec_time DESC`,
  );
  const calls = rows.reduce((s, r) => s + r.calls, 0);
  const ms = rows.reduce((s, r) => s + r.ms, 0);
  const planMs = rows.reduce((s, r) => s + r.plan_ms, 0);
  return {
    calls,
    ms,
    planMs,
    top: rows
      .slice(0, 15)
      .map((r) => ({ query: r.query.replace(/\s+/g, ' ').slice(0, 160), calls: r.calls, ms: r.ms, meanMs: r.ms / r.calls, planMeanMs: r.plan_ms / r.calls })),
  };
}

/**
 * Restarts a throwaway cluster with pg_stat_statements loaded (it needs a restart) and planning tracked, for
 * `--profile` runs; returns the restarted cluster.
 */
export async function withStatements(EmbeddedPostgres, cluster, options) {
  const admin = new pg.Client({ connectionString: cluster.url });
  admin.on('error', () => undefined);
  await admin.connect();
  await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
  await admin.end();
  await cluster.stop();
  const restarted = await EmbeddedPostgres.start(options);
  const loaded = new pg.Client({ connectionString: restarted.url });
  loaded.on('error', () => undefined);
  await loaded.connect();
  await loaded.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`); // known only once the library is loaded
  await loaded.query('SELECT pg_reload_conf()');
  await loaded.end();
  return restarted;
}
