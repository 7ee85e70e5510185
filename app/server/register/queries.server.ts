// Reading the data-sharing register (decision 034). Everything leaving this module names organisations
// only: who declared a version is its organisation, who approved it is the pilot's public body. The public
// sees approved versions only (the newest is the entry as it stands, the older ones its history); the
// pilot's team also sees the version waiting for approval.
import type { DB } from "../../../db/client";
import { db } from "../connections.server";
import type { Version } from "../../rules/register/entry";
import { pendingVersion, publicVersion } from "../../rules/register/versions";
import { history, type HistoryItem } from "../../rules/register/history";
import { dpiaGaps } from "../../rules/register/dpia-gate";
import { day } from "../pilots/queries.server";

export interface VersionView extends Version {
  id: string;
  entryId: string;
  declaredByOrg: string;
  declaredAt: string;
  approvedAt: string | null;
}

export interface EntryView {
  id: string;
  /** The entry as it stands publicly (null until its first version is approved). */
  current: VersionView | null;
  pending: VersionView | null;
  /** Every version the reader may see, oldest first, each with what it changed. */
  history: HistoryItem<VersionView>[];
}

/** The versions of the register entries of these pilots, as the rules take them. */
export async function registerVersions(d: DB, pilotIds: string[]): Promise<(VersionView & { pilotId: string })[]> {
  if (pilotIds.length === 0) return [];
  const rows = await d.selectFrom("data_register_versions as v")
    .innerJoin("data_register_entries as e", "e.id", "v.entry_id")
    .innerJoin("organisations as o", "o.id", "v.declared_by_org_id")
    .select([
      "v.id", "v.entry_id", "e.pilot_id", "v.version", "v.status", "v.dataset", "v.owner_organisation", "v.description", "v.personal_data",
      "v.purpose", "v.legal_basis", "v.retention", "v.dpia_done", "v.dpia_on", "v.access", "o.name as declared_by_org", "v.declared_at",
      "v.approved_at",
    ])
    .where("e.pilot_id", "in", pilotIds)
    .orderBy("e.created_at").orderBy("e.id").orderBy("v.version")
    .execute();
  return rows.map((r) => ({
    id: r.id, entryId: r.entry_id, pilotId: r.pilot_id, version: r.version, status: r.status,
    dataset: r.dataset, ownerOrganisation: r.owner_organisation, description: r.description, personalData: r.personal_data,
    purpose: r.purpose, legalBasis: r.legal_basis, retention: r.retention, dpiaDone: r.dpia_done, dpiaOn: day(r.dpia_on), access: r.access,
    declaredByOrg: r.declared_by_org, declaredAt: r.declared_at.toISOString(), approvedAt: r.approved_at ? r.approved_at.toISOString() : null,
  }));
}

/** Versions grouped into entries, in the order they were first declared. */
export function groupEntries<V extends VersionView>(versions: readonly V[]): { id: string; versions: V[] }[] {
  const byEntry = new Map<string, V[]>();
  for (const v of versions) byEntry.set(v.entryId, [...(byEntry.get(v.entryId) ?? []), v]);
  return [...byEntry].map(([id, vs]) => ({ id, versions: vs }));
}

/** A pilot's register as the reader may see it: the team with its pending versions, everyone else without. */
export async function pilotRegister(pilotId: string, asTeam: boolean): Promise<EntryView[]> {
  const entries = groupEntries(await registerVersions(db(), [pilotId]));
  return entries.flatMap(({ id, versions }) => {
    const seen = asTeam ? versions : versions.filter((v) => v.status === "approved");
    if (seen.length === 0) return [];
    return [{ id, current: publicVersion(versions), pending: asTeam ? pendingVersion(versions) : null, history: history(seen) }];
  });
}

/** One entry of a pilot with every version, for its team's change form; null when it is not this pilot's. */
export async function entryForChange(pilotId: string, entryId: string): Promise<{ id: string; versions: VersionView[] } | null> {
  return groupEntries(await registerVersions(db(), [pilotId])).find((e) => e.id === entryId) ?? null;
}

export interface PublicRegisterRow {
  entryId: string;
  pilotId: string;
  pilot: string;
  publicBody: string;
  startup: string;
  entry: VersionView;
  versions: number;
}

/**
 * The programme-wide register: the public version of every entry of every pilot whose plan is approved
 * (draft pilots are not public), with how many approved versions it has had. Also the open-data file.
 */
export async function programmeRegister(): Promise<PublicRegisterRow[]> {
  const pilots = await db().selectFrom("pilots")
    .innerJoin("teams", "teams.id", "pilots.team_id")
    .innerJoin("organisations as pb", "pb.id", "teams.public_org_id")
    .innerJoin("organisations as su", "su.id", "teams.startup_org_id")
    .select(["pilots.id", "pilots.title", "pb.name as public_body", "su.name as startup"])
    .where("pilots.status", "!=", "draft")
    .where((eb) => eb.exists(eb.selectFrom("data_register_entries").select("id").whereRef("data_register_entries.pilot_id", "=", "pilots.id")))
    .orderBy("pilots.title").orderBy("pilots.id")
    .execute();
  const entries = groupEntries(await registerVersions(db(), pilots.map((p) => p.id)));
  return pilots.flatMap((p) => entries.filter((e) => e.versions[0]!.pilotId === p.id).flatMap((e) => {
    const current = publicVersion(e.versions);
    if (!current) return [];
    return [{ entryId: e.id, pilotId: p.id, pilot: p.title, publicBody: p.public_body, startup: p.startup, entry: current,
      versions: e.versions.filter((v) => v.status === "approved").length }];
  }));
}

/** A pilot's register page: its entries as the reader may see them, and, for the team, what the DPIA gate is missing. */
export async function pilotRegisterPage(pilotId: string, asTeam: boolean): Promise<{ entries: EntryView[]; dpiaGaps: string[] }> {
  const entries = await pilotRegister(pilotId, asTeam);
  const gaps = asTeam ? dpiaGaps(entries.map((e) => ({ ...e, versions: e.history }))) : [];
  return { entries, dpiaGaps: gaps.map((e) => (e.pending ?? e.current)!.dataset) };
}
