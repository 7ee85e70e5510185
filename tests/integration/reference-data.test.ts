// Themes and areas are read from this process's reference cache: a change made behind the app's back is
// not seen within the lifetime (so the pages really are not reading it each time), while a theme added
// through the app is on the very next list, and the browse page shows it.
import { describe, expect, it } from "vitest";
import * as browse from "../../app/routes/challenges._index";
import { db } from "../../app/server/connections.server";
import { addToVocabulary, listAreas, listThemes } from "../../app/server/vocabulary.server";
import { createAdmin } from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

describe("reference data", () => {
  it("keeps the themes and areas it read, and forgets the themes when one is added through the app", async () => {
    const themes = await listThemes();
    const areas = await listAreas();
    expect(themes.length).toBeGreaterThan(0);
    expect(areas.length).toBeGreaterThan(0);
    // Behind the app's back (as another web process would): not seen yet, within the lifetime.
    await db().insertInto("themes").values({ slug: "behind-the-back", name: "Behind the back", description: "" }).execute();
    await db().insertInto("areas").values({ slug: "nowhere", name: "Nowhere" }).execute();
    expect((await listThemes()).map((t) => t.slug)).not.toContain("behind-the-back");
    expect((await listAreas()).map((a) => a.slug)).not.toContain("nowhere");

    const admin = await createAdmin({ twoFactor: true });
    const added = await addToVocabulary(postRequest("/admin/themes", {}, admin.cookie), "themes", { name: "Night-time economy" });
    expect(added).toBeDefined();
    const after = (await listThemes()).map((t) => t.slug);
    expect(after).toContain("night-time-economy");
    expect(after).toContain("behind-the-back");

    const page = await call(browse.loader, getRequest("/challenges"));
    const body = page.body as { themes: { slug: string }[] };
    expect(body.themes.map((t) => t.slug)).toContain("night-time-economy");
  });
});
