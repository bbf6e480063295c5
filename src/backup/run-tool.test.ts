import { describe, expect, it } from 'vitest';
import { reasonOf, runTool, ToolFailed } from './run-tool.ts';

describe('why a tool failed, in one line', () => {
  it("takes the tool's error line, without the tool's prefix", () => {
    const stderr = [
      'pg_dump: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "nope" does not exist',
      '',
    ].join('\n');
    expect(reasonOf(stderr, 1)).toBe(
      'connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "nope" does not exist',
    );
  });

  it('prefers the error line to the warnings around it', () => {
    const stderr = 'pg_restore: warning: something\npg_restore: error: could not read\nmore\n';
    expect(reasonOf(stderr, 1)).toBe('could not read');
  });

  it('falls back to the last line, then to the exit status or signal', () => {
    expect(reasonOf('first\nlast words\n', 1)).toBe('last words');
    expect(reasonOf('', 3)).toBe('exit status 3');
    expect(reasonOf('', null, 'SIGKILL')).toBe('killed by SIGKILL');
  });
});

describe('running a tool', () => {
  it('returns what it printed', async () => {
    const { stdout } = await runTool('/bin/sh', ['-c', 'echo listed'], {});
    expect(stdout).toBe('listed\n');
  });

  it('rejects with its reason when it fails', async () => {
    const run = runTool('/bin/sh', ['-c', 'echo "pg_dump: error: no good" >&2; exit 1'], {});
    await expect(run).rejects.toBeInstanceOf(ToolFailed);
    await expect(run).rejects.toThrow('sh failed: no good');
  });

  it('rejects when the tool cannot be started', async () => {
    await expect(runTool('/nonexistent/pg_dump', [], {})).rejects.toThrow(/^pg_dump failed: /);
  });
});
