/** The server works on the application context like every other shell. */
export type { AppContext as ServerContext } from '../app/context.ts';
