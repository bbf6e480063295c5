#!/usr/bin/env node
// Entry point of the `timely` command. The sources are TypeScript; tsx loads them
// directly so there is no build step between a checkout and a working CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
