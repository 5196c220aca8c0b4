import { startDns } from "./dns";
import { startSmtp } from "./smtp";

export default async function globalSetup() {
  const server = await startSmtp();
  const dns = await startDns();
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await dns.close();
  };
}
