/**
 * The security headers every answer carries (docs/security.md), built once by helmet and
 * set by an onRequest hook: on a route's answer, on an error, and on a route not found.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { security } from './security.ts';

describe('security headers', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    await app.register(security, {});
    app.get('/ok', async () => ({ ok: true }));
    app.get('/fails', async () => {
      throw new Error('boom');
    });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(['/ok', '/fails', '/nowhere'])(
    '%s: CSP, HSTS, no sniffing, no framing, no referrer',
    async (url) => {
      const response = await app.inject({ method: 'GET', url });
      const headers = response.headers;
      expect(String(headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(String(headers['content-security-policy'])).toContain("default-src 'self'");
      expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(headers['referrer-policy']).toBe('no-referrer');
    },
  );
});
