// A DNS server on 127.0.0.1 that answers TXT questions from a table the test fills in, for the domain
// verification of single sign-on (decision 040): the app asks it through SSO_DNS_SERVERS, as it would ask
// the real DNS. Every other question, and a name with no record, gets an answer with nothing in it.
import dgram from "node:dgram";
import type { AddressInfo } from "node:net";
import * as dnsPacket from "dns-packet";

export async function startDnsServer() {
  const txt = new Map<string, string[]>();
  const socket = dgram.createSocket("udp4");
  socket.on("message", (message, from) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    const values = question && question.type === "TXT" ? txt.get(question.name.toLowerCase()) ?? [] : [];
    const answer = dnsPacket.encode({
      id: query.id, type: "response", flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
      questions: query.questions,
      answers: values.map((data) => ({ type: "TXT" as const, class: "IN" as const, name: question!.name, ttl: 1, data })),
    });
    socket.send(answer, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    address: `127.0.0.1:${(socket.address() as AddressInfo).port}`,
    /** TXT records by name (lower case). */
    txt,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
