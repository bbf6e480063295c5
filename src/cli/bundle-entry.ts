/**
 * The entry of `npm start`'s server, bundled by esbuild into dist/ (bin/start.mjs): the
 * same command line with the commands a start needs, named here because a bundle has no
 * `commands/` folder to scan. Bundled, the server starts without compiling TypeScript
 * module by module (tsx), about 0.7 s sooner on this machine.
 */
import { command as demo } from './commands/demo.ts';
import { command as serve } from './commands/serve.ts';
import { main } from './main.ts';

export function run(argv: string[]): Promise<number> {
  return main(argv, undefined, [serve, demo]);
}
