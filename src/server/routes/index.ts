/** Every API route module; each route declares its permission (see docs/server.md). */
import type { FastifyInstance } from 'fastify';
import { adminRoutes } from './admin.ts';
import { publicRoutes } from './public.ts';
import { sessionRoutes } from './session.ts';
import { staffRoutes } from './staff.ts';
import { systemRoutes } from './system.ts';

export async function apiRoutes(app: FastifyInstance): Promise<void> {
  await systemRoutes(app);
  await sessionRoutes(app);
  await publicRoutes(app);
  await staffRoutes(app);
  await adminRoutes(app);
}
