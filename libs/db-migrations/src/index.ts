// Schema migrations through Prisma's WASM schema engine; usable before the Prisma client exists.
export * from './schema-engine';
export * from './migrations-folder';
export * from './migrate';
