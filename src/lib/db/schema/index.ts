/*
 * The one aggregation of every schema module, for drizzle-kit (drizzle.config.ts) and for the
 * typed Drizzle client (src/lib/db/client.ts). Domain code imports tables from the module that
 * defines them, not from here. A new schema module is added to this list, and nowhere else.
 * Relative imports only: drizzle-kit loads these files without the `@/` alias.
 */
export * from './platform';
export * from './practices';
export * from './auth';
export * from './members';
export * from './invitations';
export * from './audit';
export * from './patients';
export * from './sync';
export * from './scheduling';
export * from './reminders';
