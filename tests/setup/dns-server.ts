// A DNS server on loopback for the domain-verification tests: it answers TXT
// queries from a lookup the test controls (node:dgram; dns2 needs node 22).
import { createSocket } from "node:dgram";

export interface DnsServer {
  /** `host:port`, for ROSTER_DNS_SERVERS. */
  address: string;
  close(): Promise<void>;
}

function readName(msg: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = offset;
  while (msg[i] !== 0) {
    const len = msg[i];
    labels.push(msg.subarray(i + 1, i + 1 + len).toString("latin1"));
    i += len + 1;
  }
  return { name: labels.join(".").toLowerCase(), end: i + 1 };
}

function txtRdata(value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
  }
  return Buffer.concat(parts);
}

/** `lookup(name)`: the TXT values at a name, [] for a name with none, undefined for no such name. */
export function startDnsServer(lookup: (name: string) => string[] | undefined, port = 0): Promise<DnsServer> {
  const socket = createSocket("udp4");
  socket.on("message", (msg, peer) => {
    if (msg.length < 12) return;
    const { name, end } = readName(msg, 12);
    const qtype = msg.readUInt16BE(end);
    const question = msg.subarray(12, end + 4);
    const values = lookup(name);
    const answers = qtype === 16 && values ? values : [];
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2);
    header.writeUInt16BE(values === undefined ? 0x8183 : 0x8180, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const records = answers.map((v) => {
      const rdata = txtRdata(v);
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0);
      rr.writeUInt16BE(16, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(0, 6);
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    socket.send(Buffer.concat([header, question, ...records]), peer.port, peer.address);
  });
  return new Promise((resolve) =>
    socket.bind(port, "127.0.0.1", () =>
      resolve({
        address: `127.0.0.1:${socket.address().port}`,
        close: () => new Promise<void>((r) => socket.close(() => r())),
      }),
    ),
  );
}
