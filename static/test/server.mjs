// server.mjs runs the real binary for the browser tests: a database in a
// temporary directory, the seed incidents, a free port on 127.0.0.1, and a
// wait for /healthz. stop() sends SIGTERM and waits for a clean exit.
import { spawn, execFile } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const BIN = process.env.INCIDENTMAP_BIN || fileURLToPath(new URL('../../bin/incidentmap', import.meta.url));

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function run(args) {
  const { stdout } = await promisify(execFile)(BIN, args, { maxBuffer: 1 << 20 });
  return stdout;
}

// start launches `incidentmap serve`. before(db) runs CLI commands against
// the database before the server opens it (bbolt allows one process at a time).
export async function start({ seed = true, db = null, before = null, extraArgs = [], timeoutMs = 60000 } = {}) {
  try {
    await access(BIN);
  } catch {
    throw new Error(`${BIN} not found: run "make build" (or go build -o bin/incidentmap ./cmd/incidentmap) first`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'incidentmap-e2e-'));
  const dbPath = db || join(dir, 'e2e.db');
  const ctx = { dir, db: dbPath };
  if (before) await before(ctx);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = ['serve', '--db', dbPath, '--addr', `127.0.0.1:${port}`, ...(seed ? ['--seed'] : []), ...extraArgs];
  const proc = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (b) => { stderr = (stderr + b.toString()).slice(-8000); });
  let exited = null;
  proc.on('exit', (code, sig) => { exited = { code, sig }; });
  const t0 = Date.now();
  for (;;) {
    if (exited) throw new Error(`incidentmap serve exited (${JSON.stringify(exited)}):\n${stderr}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() - t0 > timeoutMs) {
      proc.kill('SIGKILL');
      throw new Error(`incidentmap serve did not answer /healthz within ${timeoutMs} ms:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    ...ctx,
    base,
    startupMs: Date.now() - t0,
    stderr: () => stderr,
    async stop() {
      if (!exited) {
        const done = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
        await done;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
