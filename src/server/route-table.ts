/**
 * The route table: every route registers with `config: { permission }` (a permission id from
 * data/permissions/permissions.json); a route without one, or with an unknown one, fails to register.
 * The table feeds the OpenAPI document and the role-matrix test.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { PermissionTable } from '../core/workflow/permissions.ts';

/** Resources whose `:id` path parameter must be inside the caller's scope (else 404, no leak). */
export const RESOURCE_KINDS = ['disclosure', 'revision', 'comment', 'user'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface RouteEntry {
  method: string;
  url: string;
  permission: string;
  resource: ResourceKind | null;
  /** false for routes the OpenAPI document leaves out (HTML pages, the docs page itself). */
  api: boolean;
  schema: RouteOptions['schema'] | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: the permission id the caller must hold. */
    permission?: string;
    /** The path parameter `:id` names this kind of resource; the caller must reach its organisation. */
    resource?: ResourceKind;
    /** Leave the route out of OpenAPI (HTML pages). Defaults to whether the URL starts with /api/. */
    api?: boolean;
  }
  interface FastifyInstance {
    routeTable: RouteEntry[];
    permissions: PermissionTable;
  }
}

export function installRouteTable(app: FastifyInstance, permissions: PermissionTable): void {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.decorate('permissions', permissions);
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { permission?: string; resource?: ResourceKind; api?: boolean };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => m === 'HEAD')) return; // Fastify's automatic HEAD twin of a GET
    const where = `${methods.join(',')} ${route.url}`;
    if (!config.permission) {
      throw new Error(`路由 ${where} 未声明权限（config.permission），拒绝注册`);
    }
    if (!permissions.has(config.permission)) {
      throw new Error(`路由 ${where} 声明的权限 ${config.permission} 不在 data/permissions/permissions.json 中`);
    }
    if (config.resource && !route.url.includes(':id')) {
      throw new Error(`路由 ${where} 声明了资源 ${config.resource}，但路径中没有 :id`);
    }
    for (const method of methods) {
      if (method === 'HEAD') continue;
      table.push({
        method,
        url: route.url,
        permission: config.permission,
        resource: config.resource ?? null,
        api: config.api ?? route.url.startsWith('/api/'),
        schema: route.schema,
      });
    }
  });
}
