/** Loading the workflow and permission data (data/workflow, data/permissions), validated by their schemas. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PermissionTable, parsePermissions } from '../core/workflow/permissions.ts';
import { parseWorkflow, type Workflow } from '../core/workflow/schema.ts';
import { DATA_DIR } from './catalog-files.ts';

export const WORKFLOW_DIR = join(DATA_DIR, 'workflow');
export const PERMISSIONS_FILE = join(DATA_DIR, 'permissions', 'permissions.json');

const cache = new Map<string, Workflow>();

export function loadWorkflow(id = 'disclosure'): Workflow {
  let wf = cache.get(id);
  if (!wf) {
    const file = join(WORKFLOW_DIR, `${id}.json`);
    wf = parseWorkflow(JSON.parse(readFileSync(file, 'utf8')), file);
    cache.set(id, wf);
  }
  return wf;
}

let permissions: PermissionTable | null = null;
export function loadPermissions(): PermissionTable {
  permissions ??= parsePermissions(JSON.parse(readFileSync(PERMISSIONS_FILE, 'utf8')), PERMISSIONS_FILE);
  return permissions;
}
