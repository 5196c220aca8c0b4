import { startSmtp } from "./smtp";

export default async function globalSetup() {
  const server = await startSmtp();
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
