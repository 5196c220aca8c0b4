// Prints the OpenAPI document the app serves (generated from the zod schemas),
// for validators and client generators that read a file; with --types, writes
// the TypeScript types the typed-client test uses.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openApiDocument } from "../lib/api/openapi/document";
import { API_TYPES_FILE, apiTypes } from "./openapi-types";

if (process.argv.includes("--types")) {
  mkdirSync(path.dirname(API_TYPES_FILE), { recursive: true });
  writeFileSync(API_TYPES_FILE, await apiTypes(openApiDocument()));
  console.log(`wrote ${API_TYPES_FILE}`);
} else {
  process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
}
