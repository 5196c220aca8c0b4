// Drives Prisma's WASM schema engine, so migrations run offline with no
// native engine download. Keeps Prisma's own `_prisma_migrations` table.
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

export const PRISMA_DIR = path.resolve(
  /* turbopackIgnore: true */ process.cwd(),
  process.env.ROSTER_PRISMA_DIR ?? "prisma",
);
export const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");

const NO_FILTER = { externalTables: [], externalEnums: [] };

// biome-ignore lint/suspicious/noExplicitAny: the engine's glue module is untyped
type Engine = any;

// The package name is built at run time so bundlers leave the engine in
// node_modules: it is loaded by hand, as its glue expects.
const ENGINE_PACKAGE = ["@prisma", "schema-engine-wasm"].join("/");

async function loadEngineModule(): Promise<{ SchemaEngine: Engine }> {
  const require = createRequire(path.join(process.cwd(), "package.json"));
  const dir = path.dirname(require.resolve(`${ENGINE_PACKAGE}/schema_engine_bg`));
  const glueUrl = pathToFileURL(path.join(dir, "schema_engine_bg.js")).href;
  const glue = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ glueUrl);
  const bytes = await readFile(path.join(dir, "schema_engine_bg.wasm"));
  const module = await WebAssembly.compile(bytes);
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  return glue;
}

let enginePromise: Promise<{ SchemaEngine: Engine }> | undefined;

export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: Engine) => Promise<T>,
): Promise<T> {
  enginePromise ??= loadEngineModule();
  const { SchemaEngine } = await enginePromise;
  const schema = await readFile(SCHEMA_PATH, "utf8");
  const logs: string[] = [];
  const engine = await SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    (line: string) => logs.push(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

export async function migrationList() {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true }).catch(() => []);
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: {
      path: "migration_lock.toml",
      content: await readFile(lockPath, "utf8").catch(() => null),
    },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      dirs.map(async (name) => {
        const file = path.join(MIGRATIONS_DIR, name, "migration.sql");
        const content = await readFile(file, "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (e: Error) => ({ tag: "error" as const, value: e.message }),
        );
        return { path: name, migrationFile: { path: "migration.sql", content } };
      }),
    ),
  };
}

/** Applies every migration the database lacks; answers the names applied. */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const migrationsList = await migrationList();
  const out: { appliedMigrationNames: string[] } = await withSchemaEngine(factory, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
  );
  return out.appliedMigrationNames;
}

/** The SQL that takes a database built by the migrations folder to the schema ("" when none). */
export async function pendingSchemaChange(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  const migrationsList = await migrationList();
  const schema = await readFile(SCHEMA_PATH, "utf8");
  const from = migrationsList.migrationDirectories.length ? { tag: "migrations", ...migrationsList } : { tag: "empty" };
  const result: { stdout: string | null } = await withSchemaEngine(factory, (engine) =>
    engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    }),
  );
  const sql = (result.stdout ?? "").trim();
  return /^-- This is an empty migration\.?$/.test(sql) ? "" : sql;
}
