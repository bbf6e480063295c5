/**
 * Serves the web app (`web/`, built by `npm run build:web` into `web/dist`): its hashed
 * assets under `/assets/*`, and its one HTML page at `/` and at every client route under
 * `/app/*` (the app routes in the browser, so a reload or a shared link of
 * `/app/clinicians` must answer with the same page).
 *
 * Client routes live under `/app/` so they never shadow an API route (`/clinicians` is
 * the API's list, `/app/clinicians` the page that shows it). All of these are public:
 * the page and its scripts hold no data; the data comes from the API, under its policy.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { projectPath } from '../project-path.ts';
import { Problem, sendProblem } from './problem.ts';

/** Where `vite build` writes the web app (web/vite.config.ts); from the project, as the bundle runs elsewhere. */
export const WEB_DIST = `${projectPath('web', 'dist')}/`;
export const CLIENT_ROUTES_PREFIX = '/app';

export interface WebOptions {
  /** The built web app's folder (tests); `WEB_DIST` by default. */
  readonly root?: string | undefined;
}

export const webRoutes: FastifyPluginAsync<WebOptions> = async (app, { root = WEB_DIST }) => {
  await app.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: '/assets/',
    // One wildcard route (with its policy entry), whatever files a build produces.
    wildcard: true,
    // The reply's sendFile belongs to the API docs' own static plugin; this one needs none.
    decorateReply: false,
    index: false,
    // The file names carry a hash of their content: a new build is a new name.
    immutable: true,
    maxAge: '365d',
    // An API-only checkout (no `npm run build:web` yet) still starts.
    suppressWarning: true,
  });

  const page = async (_request: unknown, reply: FastifyReply) => {
    let html: string;
    try {
      // Read at each request (it is small): a rebuild shows without a restart.
      html = await readFile(join(root, 'index.html'), 'utf8');
    } catch {
      return sendProblem(
        reply,
        new Problem('unavailable', 'the web app is not built: run `npm run build:web`'),
      );
    }
    // The page names the current assets: always ask again (they are cached for good).
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  };
  const hidden = { schema: { hide: true } };
  app.get('/', hidden, page);
  app.get(CLIENT_ROUTES_PREFIX, hidden, page);
  app.get(`${CLIENT_ROUTES_PREFIX}/*`, hidden, page);
};
