// Messages in a proposal's thread (decision 026): Camden Council and GreenRoute Mobility about the
// freight-free hours on high streets, one of them with a file, posted through the product's own command
// (so the other side's e-mails and the audit trail are there too).
import { checkFileBytes } from "../../app/server/attachments/upload.server";
import { getActor } from "../../app/server/auth.server";
import { postMessage } from "../../app/server/messages/commands.server";
import type { Cast } from "./cast";
import { tinyPdf } from "./files";
import type { OrgKey } from "./programme";
import { signedIn } from "./support";

const PROPOSAL = "Freight-free hours on high streets";

const THREAD: { from: OrgKey; text: string; file?: { name: string; lines: string[] } }[] = [
  {
    from: "camden",
    text: "Thank you for your proposal. Before we plan the pilot, could you tell us which high streets you would start with, and how traders would hear about the freight-free hours?",
  },
  {
    from: "greenroute",
    text: "We would start with Camden High Street and Kentish Town Road, where deliveries peak between 10:00 and 14:00.\n\nOur draft letter to traders is attached: we would send it four weeks before the first freight-free day.",
    file: { name: "Letter to traders (draft).pdf", lines: ["Dear trader,", "From next month deliveries on this street will arrive before 10:00 or after 14:00.", "Tell us what would help your shop."] },
  },
  {
    from: "camden",
    text: "That works for us. Our licensing team will join the first meeting with the traders' association.",
  },
];

export async function seedMessages(cast: Cast, proposals: Map<string, string>): Promise<void> {
  const proposalId = proposals.get(PROPOSAL);
  if (!proposalId) throw new Error(`demo seed: no proposal "${PROPOSAL}" for the messages`);
  const path = `/proposals/${proposalId}/messages`;
  for (const m of THREAD) {
    const request = await signedIn(cast.member(m.from), path);
    const actor = (await getActor(request))!;
    const file = m.file ? await checkFileBytes(m.file.name, tinyPdf(m.file.name.replace(/\.pdf$/, ""), m.file.lines)) : null;
    if (!(await postMessage(request, actor, { proposalId, text: m.text, file }))) throw new Error(`demo seed: ${m.from} could not write about "${PROPOSAL}"`);
  }
}
