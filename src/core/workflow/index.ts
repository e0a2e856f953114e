export * from './machine.ts';
export * from './permissions.ts';
export * from './principal.ts';
export * from './schema.ts';
