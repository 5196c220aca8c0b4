import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * The contrib extensions the schema uses (unaccent folds accents in name keys,
 * pg_trgm indexes search, btree_gin puts the account in that index);
 * PostgreSQL servers ship them in their contrib package.
 */
export const PGLITE_EXTENSIONS = { unaccent, pg_trgm, btree_gin };

/** An embedded PostgreSQL able to run every migration (in memory without a folder). */
export function openPGlite(dataDir?: string, options: PGliteOptions = {}): Promise<PGlite> {
  return PGlite.create({ ...options, dataDir, extensions: { ...PGLITE_EXTENSIONS, ...options.extensions } });
}

/**
 * Prisma's adapter over an embedded database. Its shadow database (where the
 * schema engine replays migrations to diff them) gets the extensions too.
 */
export function pglitePrismaFactory(db: PGlite): PrismaPGlite {
  const factory = new PrismaPGlite(db);
  factory.connectToShadowDb = async () => new PrismaPGlite(await openPGlite()).connect();
  return factory;
}
