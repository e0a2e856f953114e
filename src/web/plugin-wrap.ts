/**
 * Registers a plugin without Fastify's encapsulation (what fastify-plugin does), so the web
 * routes share the server's hooks, decorators and error handler.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyPluginOptions } from 'fastify';

export default function fp<O extends FastifyPluginOptions>(
  fn: (app: FastifyInstance, opts: O) => Promise<void>,
): FastifyPluginAsync<O> {
  const plugin = fn as FastifyPluginAsync<O> & Record<symbol, unknown>;
  plugin[Symbol.for('skip-override')] = true;
  plugin[Symbol.for('fastify.display-name')] = 'mingzhang-web';
  return plugin;
}
