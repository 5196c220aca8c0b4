// Next.js calls register() once per server process, before it serves requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { recordPeerAddresses } = await import("./lib/platform/http/peer-address");
  recordPeerAddresses();
  const { startServer } = await import("./lib/server/startup");
  await startServer();
}
