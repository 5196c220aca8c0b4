// A throwaway PostgreSQL server (initdb in a temporary folder, its own port),
// so a test can stop and start it without disturbing anything else.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const BIN = (() => {
  const root = "/usr/lib/postgresql";
  const version = existsSync(root) ? readdirSync(root).sort().pop() : undefined;
  return version ? path.join(root, version, "bin") : null;
})();

const asPostgres = (cmd: string, args: string[]) => {
  const root = process.getuid?.() === 0;
  return root
    ? execFileSync("runuser", ["-u", "postgres", "--", path.join(BIN as string, cmd), ...args], { stdio: "pipe" })
    : execFileSync(path.join(BIN as string, cmd), args, { stdio: "pipe" });
};

export const privatePostgresAvailable = () => BIN !== null;

// Small settings, so the server starts beside the machine's own PostgreSQL
// whatever the shared-memory limits of the machine it runs on; TCP only, so
// the temporary folder need not support Unix sockets.
const SETTINGS = [
  "listen_addresses=127.0.0.1",
  "unix_socket_directories=''",
  "shared_buffers=16MB",
  "max_connections=40",
  "dynamic_shared_memory_type=mmap",
  "fsync=off",
];

export function createPrivatePostgres(port: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "roster-pg-"));
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  const log = path.join(dir, "log");
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
  asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  const options = [`-p ${port}`, ...SETTINGS.map((s) => `-c ${s}`)].join(" ");
  const start = () => {
    try {
      asPostgres("pg_ctl", ["-D", data, "-l", log, "-o", options, "-w", "start"]);
    } catch (error) {
      // pg_ctl only says "examine the log"; the reason is in the log.
      const text = existsSync(log) ? readFileSync(log, "utf8") : "(no log written)";
      throw new Error(`private PostgreSQL on port ${port} did not start:\n${text}`, { cause: error });
    }
  };
  const stop = () => asPostgres("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
