/** Every API route module; each route declares its permission (see docs/server.md). */
import type { FastifyInstance } from 'fastify';
import { sessionRoutes } from './session.ts';
import { systemRoutes } from './system.ts';

export async function apiRoutes(app: FastifyInstance): Promise<void> {
  await systemRoutes(app);
  await sessionRoutes(app);
}
