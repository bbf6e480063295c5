/**
 * `npm start` as its README promises, on a fresh folder: bin/start.mjs builds the web app
 * if needed, bundles the server, loads the small demo and serves it — the bundle finds
 * its migrations, the web app and the example scenarios from dist/ — and a SIGTERM ends
 * it with 0. (`--demo small` after the script's own `--demo`: the last one counts.)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { demoPassword } from '../src/demo/accounts.ts';

const START = fileURLToPath(new URL('../bin/start.mjs', import.meta.url));

it('serves the demo from the bundle: page, sign-in, scenarios; stops on SIGTERM', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'timely-npm-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TIMELY_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    [START, '--data', dataDir, '--port', '0', '--demo', 'small'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const printed = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const look = () => {
        const match = pattern.exec(output);
        if (match) resolve(match);
      };
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        look();
      });
      look();
      void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
  try {
    const [, address] = await printed(/timely: listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(output).toContain('demo-compliance');

    const page = await fetch(`${address}/app/overview`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    const signIn = await fetch(`${address}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'demo-planner', password: demoPassword('planner') }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const scenarios = await fetch(`${address}/scenarios`, { headers: { cookie } });
    expect(scenarios.status).toBe(200);
    expect(JSON.stringify(await scenarios.json())).toContain('baseline');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
}, 120_000);
