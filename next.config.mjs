/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers and WASM engines load from node_modules at run time.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "@prisma/driver-adapter-utils",
    "@node-rs/argon2",
    "pg",
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
