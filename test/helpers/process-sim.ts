/**
 * `ise-duo sim` as a separate process from a given CLI (e.g. an installed package's), on a free loopback
 * port: resolves once the simulator says where it listens, so tests wait for that state, not for time.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ProcessSimulator {
  url: string;
  stop(): Promise<void>;
}

export function startProcessSimulator(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<ProcessSimulator> {
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = spawn(command, [...args, 'sim', '--port', '0'], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on (https?:\/\/[^\s]+)/.exec(stderr);
      if (match) resolvePromise({ url: match[1], stop });
    });
    child.once('exit', (code) => reject(new Error(`ise-duo sim exited ${code} before listening: ${stderr}`)));
    child.once('error', reject);
  });
}
