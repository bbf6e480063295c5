/**
 * The ceiling of the API benchmark: Fastify answering a constant JSON object, in a
 * process of its own on 127.0.0.1 like `timely serve`. Prints its address, then serves
 * until killed.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const body = { ok: true, service: 'timely', version: 1 };
app.get('/', async () => body);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening on ${address}\n`);
