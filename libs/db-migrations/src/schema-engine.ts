// Loads Prisma's official WASM schema engine (no native binary download needed) and binds it to
// Postgres through the pg driver adapter. The package's ESM entry imports a .wasm file, which Node
// cannot load, so the module is instantiated here by hand.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type WasmExports = Record<string, unknown>;
type Glue = typeof import('@prisma/schema-engine-wasm') & { __wbg_set_wasm(exports: WasmExports): void };
// Node has WebAssembly; our lib settings (no DOM) do not declare it.
const Wasm = (
  globalThis as unknown as {
    WebAssembly: { instantiate(bytes: Buffer, imports: object): Promise<{ instance: { exports: WasmExports } }> };
  }
).WebAssembly;

let gluePromise: Promise<Glue> | undefined;

async function loadGlue(): Promise<Glue> {
  const pkgDir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  // A real dynamic import: the glue file is ESM.
  const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;
  const glue = (await importEsm(join(pkgDir, 'schema_engine_bg.js'))) as Glue;
  const bytes = readFileSync(join(pkgDir, 'schema_engine_bg.wasm'));
  // The engine arms long timers through setTimeout imports; unref them so a finished migration
  // does not keep the process alive for their duration.
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, fn] of Object.entries(glue)) {
    if (name.startsWith('__wbg_setTimeout') && typeof fn === 'function') {
      imports[name] = (...args: unknown[]) => {
        const timer = (fn as (...a: unknown[]) => { unref?: () => void })(...args);
        timer?.unref?.();
        return timer;
      };
    }
  }
  const { instance } = await Wasm.instantiate(bytes, { './schema_engine_bg.js': imports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

export interface EngineHandle {
  engine: SchemaEngine;
  close(): Promise<void>;
}

/** An engine bound to `connectionString`, with `schemaText` as its initial datamodel. */
export async function openSchemaEngine(
  connectionString: string,
  schemaPath: string,
  schemaText: string,
): Promise<EngineHandle> {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  // Our own pool, so closing the engine really closes its connections (the process can exit).
  const pool = new Pool({ connectionString, max: 2 });
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const logs: string[] = [];
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[schemaPath, schemaText]] },
    (log: string) => logs.push(log),
    factory,
  );
  return {
    engine,
    async close() {
      engine.free();
      await pool.end();
    },
  };
}
