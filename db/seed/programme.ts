// The demo programme as data: who takes part, the challenges (each with the stage it has reached), the
// proposals, the sponsorship offers and the pilots. db/seed/stages.ts and db/seed/pilots.ts play it through
// the product's commands and jobs. Days are counted from the day the seed runs (negative: in the past).
export type Kind = "public_body" | "startup" | "corporate";
export type OrgKey =
  | "camden" | "transport" | "health" | "hackney"
  | "airsense" | "kin" | "fairrent" | "greenroute" | "homewarm"
  | "northbank" | "meridian" | "thameside";

export const ORGS: { key: OrgKey; name: string; kind: Kind; description: string; verified: boolean }[] = [
  { key: "camden", name: "Camden Council", kind: "public_body", description: "Local authority for the London Borough of Camden.", verified: true },
  { key: "transport", name: "City Transport Authority", kind: "public_body", description: "Runs the city's buses, roads and cycle network.", verified: true },
  { key: "health", name: "North Central Health Partnership", kind: "public_body", description: "NHS trusts and GP federations working together across five boroughs.", verified: true },
  { key: "hackney", name: "Hackney Council", kind: "public_body", description: "Local authority for the London Borough of Hackney.", verified: false },
  { key: "airsense", name: "AirSense Labs", kind: "startup", description: "Low-cost air-quality sensors and open data.", verified: true },
  { key: "kin", name: "KinConnect", kind: "startup", description: "Befriending and care coordination for older people.", verified: true },
  { key: "fairrent", name: "FairRent Tech", kind: "startup", description: "Tools that help private renters enforce their rights.", verified: false },
  { key: "greenroute", name: "GreenRoute Mobility", kind: "startup", description: "Route planning for zero-emission deliveries.", verified: true },
  { key: "homewarm", name: "HomeWarm Analytics", kind: "startup", description: "Finds homes losing heat and matches them with retrofit grants.", verified: false },
  { key: "northbank", name: "Northbank Energy plc", kind: "corporate", description: "Energy supplier investing in local decarbonisation.", verified: true },
  { key: "meridian", name: "Meridian Cloud Services", kind: "corporate", description: "Cloud credits and data engineering mentoring.", verified: true },
  { key: "thameside", name: "Thameside Insurance", kind: "corporate", description: "Insurer with test sites across the city.", verified: false },
];

export const PEOPLE: { email: string; name: string; org?: OrgKey; admin?: boolean; judge?: boolean }[] = [
  { email: "admin@programme.example", name: "Priya Shah", admin: true },
  { email: "camden@council.example", name: "Tom Okafor", org: "camden" },
  { email: "transport@cta.example", name: "Sarah Lindqvist", org: "transport" },
  { email: "health@nchp.example", name: "Dr Amara Bello", org: "health" },
  { email: "hackney@council.example", name: "Liam Murphy", org: "hackney" },
  { email: "founder@airsense.example", name: "Wei Chen", org: "airsense" },
  { email: "founder@kinconnect.example", name: "Grace Adeyemi", org: "kin" },
  { email: "founder@fairrent.example", name: "Jonas Weber", org: "fairrent" },
  { email: "founder@greenroute.example", name: "Sofia Rossi", org: "greenroute" },
  { email: "founder@homewarm.example", name: "Aisha Rahman", org: "homewarm" },
  { email: "partnerships@northbank.example", name: "Oliver Grant", org: "northbank" },
  { email: "startups@meridian.example", name: "Hannah Kowalski", org: "meridian" },
  { email: "innovation@thameside.example", name: "Marcus Reid", org: "thameside" },
  { email: "judge.park@judges.example", name: "Dr Helen Park", judge: true },
  { email: "judge.obi@judges.example", name: "Marcus Obi", judge: true },
  { email: "judge.haddad@judges.example", name: "Leila Haddad", judge: true },
];

export type JudgeEmail = "judge.park@judges.example" | "judge.obi@judges.example" | "judge.haddad@judges.example";

/** The panel every closed challenge invites, with the profile each judge fills in on joining. */
export const JUDGES: { email: JudgeEmail; themes: string[]; tags: string; expertise: string; capacity: number; leniency: number }[] = [
  { email: "judge.park@judges.example", themes: ["reducing-inequality", "ageing-population"], tags: "public health, vaccination, care", expertise: "Public health researcher; led vaccination outreach programmes in north London.", capacity: 6, leniency: 0 },
  // A point harsher than the others, which the calibration in "Score proposals" corrects.
  { email: "judge.obi@judges.example", themes: ["climate"], tags: "retrofit, energy, housing", expertise: "Retrofit engineer: insulation, heat pumps and whole-house energy plans.", capacity: 6, leniency: -1 },
  { email: "judge.haddad@judges.example", themes: ["reducing-inequality", "climate"], tags: "transport, employment, air quality", expertise: "Transport economist working on fares, shift work and access to jobs.", capacity: 6, leniency: 0 },
];

/** An invitation the seed leaves open (its link is printed by `npm start`), for someone who has no account yet. */
export const OPEN_INVITATION = { challenge: "vaccination", email: "new.judge@judges.example" } as const;

/**
 * How far each challenge has gone. The stages follow one another: a challenge at "shortlisted" has been
 * through every stage before it (published, proposals submitted, closed, judges assigned, reviews in, scored).
 */
export const STAGES = ["draft", "upcoming", "open", "closed", "in_review", "shortlisted", "pairing_published", "teams", "completed"] as const;
export type Stage = (typeof STAGES)[number];
export const reached = (stage: Stage, atLeast: Stage) => STAGES.indexOf(stage) >= STAGES.indexOf(atLeast);

export interface ChallengeSpec {
  key: string;
  owner: OrgKey;
  theme: "climate" | "reducing-inequality" | "ageing-population";
  areas: string[];
  title: string;
  summary: string;
  stage: Stage;
  /** Days from today it opens and closes, as the public sees it once the seed is done. */
  opens: number;
  closes: number;
  blind: boolean;
  funding: ["budget" | "prize", number];
  pilotWeeks: number;
  /**
   * Judges per proposal (3 unless given). With two of the three judges on each proposal, judges' leniency
   * shows in the raw scores and the calibration in "Score proposals" has something to correct.
   */
  judgesPerProposal?: number;
}

export const CHALLENGES: ChallengeSpec[] = [
  { key: "air-schools", owner: "camden", theme: "climate", areas: ["camden"], title: "Cleaner air around primary schools", summary: "Cut children's exposure to traffic pollution on the walk to school.", stage: "open", opens: -20, closes: 25, blind: false, funding: ["budget", 50_000], pilotWeeks: 12 },
  { key: "deliveries", owner: "transport", theme: "climate", areas: ["london-wide"], title: "Zero-emission last-mile deliveries", summary: "Move parcel deliveries in the centre to zero-emission vehicles without slowing them down.", stage: "open", opens: -10, closes: 40, blind: true, funding: ["budget", 75_000], pilotWeeks: 16 },
  { key: "falls", owner: "health", theme: "ageing-population", areas: ["camden", "islington", "haringey"], title: "Fewer falls at home for over-75s", summary: "Spot rising falls risk early and act before an ambulance is needed.", stage: "open", opens: -15, closes: 30, blind: false, funding: ["budget", 100_000], pilotWeeks: 20 },
  { key: "access", owner: "camden", theme: "reducing-inequality", areas: ["camden"], title: "Fair access to council services online", summary: "Make sure residents without data, devices or confidence are not left behind by digital services.", stage: "open", opens: -40, closes: 2, blind: true, funding: ["prize", 25_000], pilotWeeks: 12 },
  { key: "damp", owner: "camden", theme: "reducing-inequality", areas: ["camden"], title: "Ending damp and mould in private rented homes", summary: "Find and fix damp homes faster, and help tenants act without fear of eviction.", stage: "open", opens: -8, closes: 35, blind: false, funding: ["budget", 50_000], pilotWeeks: 16 },
  { key: "older-travel", owner: "transport", theme: "ageing-population", areas: ["london-wide"], title: "Confident travel for older passengers", summary: "Help older people keep using buses and trains with confidence.", stage: "upcoming", opens: 10, closes: 70, blind: true, funding: ["budget", 75_000], pilotWeeks: 20 },
  { key: "vaccination", owner: "health", theme: "reducing-inequality", areas: ["islington", "haringey"], title: "Closing the gap in childhood vaccination", summary: "Raise uptake of childhood vaccines in neighbourhoods where it lags.", stage: "closed", opens: -60, closes: -5, blind: false, funding: ["budget", 60_000], pilotWeeks: 16 },
  { key: "retrofit", owner: "camden", theme: "climate", areas: ["camden"], title: "Retrofitting council homes at pace", summary: "Find the council homes that gain most from insulation and heat pumps, and plan the work.", stage: "in_review", opens: -70, closes: -10, blind: true, funding: ["budget", 120_000], pilotWeeks: 24 },
  { key: "journeys", owner: "transport", theme: "reducing-inequality", areas: ["newham", "tower-hamlets"], title: "Affordable journeys to work", summary: "Reduce the cost of getting to work for low-paid shift workers.", stage: "shortlisted", opens: -90, closes: -20, blind: false, funding: ["budget", 80_000], pilotWeeks: 16 },
  { key: "loneliness", owner: "health", theme: "ageing-population", areas: ["hackney", "islington"], title: "Tackling loneliness in later life", summary: "Connect isolated older residents with their neighbours and local groups.", stage: "open", opens: -3, closes: 45, blind: false, funding: ["prize", 30_000], pilotWeeks: 12 },
  { key: "hospital-supply", owner: "health", theme: "climate", areas: ["london-wide"], title: "Greener hospital supply chains", summary: "Cut the carbon in what hospitals buy and throw away.", stage: "draft", opens: 5, closes: 60, blind: false, funding: ["budget", 90_000], pilotWeeks: 24 },
  // Hackney Council is not verified yet, so its challenge stays a draft: its page says why it cannot publish.
  { key: "dementia", owner: "hackney", theme: "ageing-population", areas: ["hackney"], title: "Dementia-friendly high streets", summary: "Make local shopping streets easier for people living with dementia.", stage: "draft", opens: 14, closes: 74, blind: false, funding: ["prize", 20_000], pilotWeeks: 12 },
  { key: "door-to-door", owner: "transport", theme: "ageing-population", areas: ["newham", "hackney"], title: "Door-to-door travel help for older residents", summary: "Get older residents to appointments and the shops when buses are too hard.", stage: "pairing_published", opens: -160, closes: -110, blind: false, funding: ["budget", 70_000], pilotWeeks: 20, judgesPerProposal: 2 },
  { key: "high-streets", owner: "camden", theme: "climate", areas: ["camden"], title: "Air quality data for busy high streets", summary: "Measure the air on the borough's busiest high streets and act on what it shows.", stage: "teams", opens: -270, closes: -210, blind: false, funding: ["budget", 90_000], pilotWeeks: 26, judgesPerProposal: 2 },
  { key: "warm-homes", owner: "health", theme: "ageing-population", areas: ["islington", "haringey"], title: "Warm homes, fewer winter admissions", summary: "Find older patients in cold homes and get them warm before winter sends them to hospital.", stage: "teams", opens: -240, closes: -190, blind: true, funding: ["budget", 110_000], pilotWeeks: 26, judgesPerProposal: 2 },
  { key: "hospital-home", owner: "camden", theme: "ageing-population", areas: ["camden"], title: "Home from hospital, not alone", summary: "Make sure older residents leaving hospital have someone checking in on them at home.", stage: "completed", opens: -420, closes: -370, blind: false, funding: ["budget", 60_000], pilotWeeks: 43 },
];

/** Every demo challenge is for small firms: asked before a proposal starts (decision 031). */
export const REQUIRED_ANSWER = { question: "Does your organisation have fewer than 250 employees?", options: "", accepted: "Yes" };
export const ELIGIBILITY_QUESTIONS = ["Is your organisation registered in the UK?", "Can you start a pilot within three months of being selected?"];

export const RUBRIC = [
  { name: "Impact", description: "How much the proposal would improve residents' lives", weight: 40, threshold: 2.5 },
  { name: "Feasibility", description: "Whether the team can deliver a pilot in the time and budget", weight: 30, threshold: 2 },
  { name: "Value for money", description: "Benefit for the money requested", weight: 20 },
  { name: "Scalability", description: "Potential to work across the city", weight: 10 },
];

export interface ProposalSpec {
  challenge: string;
  startup: OrgKey;
  title: string;
  summary: string;
  tags: string;
  needs: string[];
  trl: number;
  requested: number;
  /** Where the start-up leaves it: a draft, submitted, or submitted and then withdrawn. */
  ends: "draft" | "submitted" | "withdrawn";
  /** 0–5: how good the judges find it (their scores sit around it); decides the ranking. */
  quality?: number;
  /** Files attached while it was a draft. */
  files?: { name: string; kind: "pdf" | "png" }[];
}

export const PROPOSALS: ProposalSpec[] = [
  { challenge: "air-schools", startup: "airsense", title: "School Streets sensor network", summary: "Sensors at every school gate, and closures timed to the worst hours.", tags: "air quality, sensors, schools", needs: ["test-sites", "data-access"], trl: 6, requested: 40_000, ends: "submitted",
    files: [{ name: "School Streets sensor plan.pdf", kind: "pdf" }, { name: "Sensor sites map.png", kind: "png" }] },
  { challenge: "air-schools", startup: "greenroute", title: "Quiet routes to school", summary: "Walking routes that avoid the busiest roads, planned with parents.", tags: "walking, schools", needs: ["data-access"], trl: 4, requested: 25_000, ends: "draft" },
  { challenge: "deliveries", startup: "greenroute", title: "Cargo-bike micro-hubs for the centre", summary: "Small hubs where vans hand parcels to cargo bikes for the last mile.", tags: "logistics, cargo bikes", needs: ["test-sites"], trl: 7, requested: 60_000, ends: "submitted" },
  { challenge: "falls", startup: "kin", title: "Home check-ins that spot falls risk", summary: "Volunteers' weekly visits with a short falls-risk check shared with the GP.", tags: "falls, volunteers, care", needs: ["mentoring"], trl: 5, requested: 45_000, ends: "submitted" },
  { challenge: "falls", startup: "homewarm", title: "Warm and steady: heating checks against falls", summary: "Cold homes make falls likelier: check the heating when checking the stairs.", tags: "housing, falls", needs: ["data-access"], trl: 4, requested: 30_000, ends: "withdrawn" },
  { challenge: "access", startup: "fairrent", title: "Plain-language letters and a helpline", summary: "Rewrite the council's letters in plain language, with a phone line that answers.", tags: "digital inclusion, letters", needs: ["mentoring"], trl: 5, requested: 20_000, ends: "draft" },
  { challenge: "damp", startup: "fairrent", title: "Damp reporting with legal backing", summary: "Tenants report damp with photos; the report becomes a formal notice to the landlord.", tags: "housing, renters, damp", needs: ["mentoring"], trl: 6, requested: 35_000, ends: "submitted" },
  { challenge: "damp", startup: "homewarm", title: "Thermal survey of rented streets", summary: "Thermal images of whole streets show which rented homes lose heat and risk mould.", tags: "housing, thermal imaging", needs: ["data-access"], trl: 5, requested: 40_000, ends: "draft" },
  { challenge: "loneliness", startup: "kin", title: "Neighbourhood tea clubs", summary: "Weekly tea clubs run by neighbours, with transport for those who need it.", tags: "loneliness, volunteers", needs: ["test-sites"], trl: 6, requested: 15_000, ends: "submitted" },
  { challenge: "vaccination", startup: "kin", title: "Trusted messengers for vaccine uptake", summary: "Community members trained to answer parents' questions about vaccines.", tags: "vaccination, community", needs: ["mentoring"], trl: 6, requested: 40_000, ends: "submitted" },
  { challenge: "vaccination", startup: "fairrent", title: "Clinic booking by text message", summary: "A text message offers the next free clinic slot and books it with one reply.", tags: "vaccination, text messages", needs: ["cloud-credits"], trl: 7, requested: 30_000, ends: "submitted" },
  { challenge: "retrofit", startup: "homewarm", title: "Retrofit priority map", summary: "Ranks council homes by heat lost and the benefit of insulating them first.", tags: "retrofit, energy, housing", needs: ["data-access"], trl: 6, requested: 80_000, ends: "submitted", quality: 4,
    files: [{ name: "HomeWarm retrofit method.pdf", kind: "pdf" }] },
  { challenge: "retrofit", startup: "airsense", title: "Indoor air monitoring after retrofit", summary: "Checks that insulated homes stay well ventilated, so damp does not follow.", tags: "air quality, retrofit", needs: ["test-sites"], trl: 6, requested: 50_000, ends: "submitted", quality: 3 },
  { challenge: "retrofit", startup: "kin", title: "Retrofit-ready support for older tenants", summary: "Helps older tenants prepare for, and live through, the works in their homes.", tags: "retrofit, care", needs: ["mentoring"], trl: 5, requested: 35_000, ends: "submitted", quality: 3 },
  { challenge: "journeys", startup: "greenroute", title: "Shared e-bikes for night shifts", summary: "E-bikes at depots and hospitals for workers whose shifts end after the last bus.", tags: "transport, shift work, e-bikes", needs: ["test-sites", "mentoring"], trl: 7, requested: 45_000, ends: "submitted", quality: 4 },
  { challenge: "journeys", startup: "fairrent", title: "Employer-paid travel passes", summary: "A scheme that lets employers pay travel passes from gross pay.", tags: "transport, employment", needs: ["procurement-route"], trl: 5, requested: 30_000, ends: "submitted", quality: 3 },
  { challenge: "door-to-door", startup: "kin", title: "Travel buddies for older residents", summary: "Volunteers who travel with older residents until they feel confident alone.", tags: "travel, volunteers, older people", needs: ["mentoring", "test-sites"], trl: 6, requested: 35_000, ends: "submitted", quality: 4 },
  { challenge: "door-to-door", startup: "greenroute", title: "On-demand minibuses for GP visits", summary: "Minibuses booked by phone that take residents to GP surgeries and back.", tags: "travel, logistics, health", needs: ["cloud-credits", "data-access"], trl: 6, requested: 55_000, ends: "submitted", quality: 3 },
  { challenge: "door-to-door", startup: "airsense", title: "Step-free route alerts", summary: "Alerts when lifts and ramps on a planned route are out of order.", tags: "travel, accessibility", needs: ["data-access"], trl: 4, requested: 20_000, ends: "submitted", quality: 2 },
  { challenge: "high-streets", startup: "airsense", title: "High-street air sensor mesh", summary: "A mesh of sensors on twelve high streets, with a live public air map.", tags: "air quality, sensors, open data", needs: ["test-sites", "data-access"], trl: 7, requested: 35_000, ends: "submitted", quality: 4,
    files: [{ name: "Sensor mesh design.pdf", kind: "pdf" }] },
  { challenge: "high-streets", startup: "greenroute", title: "Freight-free hours on high streets", summary: "Deliveries consolidated outside the busiest hours, so high streets breathe.", tags: "logistics, deliveries, air quality", needs: ["cloud-credits", "mentoring"], trl: 6, requested: 30_000, ends: "submitted", quality: 3 },
  { challenge: "high-streets", startup: "homewarm", title: "Shopfront heat-loss survey", summary: "Thermal survey of shopfronts to cut heating waste on high streets.", tags: "energy, thermal imaging", needs: ["data-access"], trl: 5, requested: 20_000, ends: "submitted", quality: 2 },
  { challenge: "warm-homes", startup: "homewarm", title: "Heat-loss map for vulnerable patients", summary: "Finds the cold homes of patients at risk and refers them for grants and repairs.", tags: "housing, health, retrofit", needs: ["data-access", "cloud-credits"], trl: 6, requested: 30_000, ends: "submitted", quality: 4 },
  { challenge: "warm-homes", startup: "kin", title: "Winter wellbeing calls", summary: "Weekly winter calls to older patients, with help to get the heating fixed.", tags: "care, volunteers, winter", needs: ["mentoring"], trl: 6, requested: 25_000, ends: "submitted", quality: 3 },
  { challenge: "warm-homes", startup: "fairrent", title: "Landlord repair orders by text", summary: "Tenants text a photo of the broken heating; the landlord gets a formal repair notice.", tags: "housing, renters", needs: ["procurement-route"], trl: 5, requested: 20_000, ends: "submitted", quality: 2 },
  { challenge: "hospital-home", startup: "kin", title: "Befriending calls after discharge", summary: "A volunteer calls within 48 hours of a patient getting home, then weekly for a month.", tags: "care, volunteers, hospital discharge", needs: ["mentoring", "test-sites"], trl: 6, requested: 45_000, ends: "submitted", quality: 4 },
  { challenge: "hospital-home", startup: "greenroute", title: "Lifts home from the ward", summary: "Booked lifts home for patients leaving hospital with no one to collect them.", tags: "transport, hospital discharge", needs: ["cloud-credits"], trl: 6, requested: 30_000, ends: "submitted", quality: 3 },
];

/** How many of a challenge's best-ranked proposals its owner shortlists. */
export const SHORTLIST: Record<string, number> = { journeys: 1, "door-to-door": 2, "high-streets": 2, "warm-homes": 2, "hospital-home": 1 };

export interface OfferSpec {
  challenge: string;
  corporate: OrgKey;
  funding: number;
  inKind: string[];
  capacity: number;
  prefTags: string;
  decision: "accepted" | "declined" | "undecided";
}

export const OFFERS: OfferSpec[] = [
  { challenge: "air-schools", corporate: "northbank", funding: 30_000, inKind: ["data-access"], capacity: 2, prefTags: "air quality", decision: "accepted" },
  { challenge: "deliveries", corporate: "meridian", funding: 0, inKind: ["cloud-credits", "mentoring"], capacity: 3, prefTags: "logistics", decision: "undecided" },
  { challenge: "loneliness", corporate: "thameside", funding: 10_000, inKind: ["test-sites"], capacity: 1, prefTags: "volunteers", decision: "undecided" },
  { challenge: "journeys", corporate: "northbank", funding: 40_000, inKind: ["mentoring", "test-sites"], capacity: 1, prefTags: "transport", decision: "accepted" },
  { challenge: "journeys", corporate: "meridian", funding: 15_000, inKind: ["cloud-credits", "data-access"], capacity: 1, prefTags: "", decision: "accepted" },
  { challenge: "journeys", corporate: "thameside", funding: 5_000, inKind: ["mentoring"], capacity: 1, prefTags: "", decision: "declined" },
  { challenge: "door-to-door", corporate: "northbank", funding: 25_000, inKind: ["mentoring", "test-sites"], capacity: 1, prefTags: "volunteers", decision: "accepted" },
  { challenge: "door-to-door", corporate: "meridian", funding: 20_000, inKind: ["cloud-credits", "data-access"], capacity: 1, prefTags: "logistics", decision: "accepted" },
  { challenge: "high-streets", corporate: "northbank", funding: 35_000, inKind: ["test-sites", "data-access"], capacity: 1, prefTags: "air quality, sensors", decision: "accepted" },
  { challenge: "high-streets", corporate: "meridian", funding: 20_000, inKind: ["cloud-credits", "mentoring"], capacity: 1, prefTags: "logistics", decision: "accepted" },
  { challenge: "warm-homes", corporate: "meridian", funding: 30_000, inKind: ["data-access", "cloud-credits"], capacity: 1, prefTags: "housing", decision: "accepted" },
  { challenge: "hospital-home", corporate: "northbank", funding: 45_000, inKind: ["mentoring", "test-sites"], capacity: 1, prefTags: "care", decision: "accepted" },
];

export type ReviewStep = "submit" | "save" | "recuse" | "leave";

/**
 * What each judge does with their assignments where not every review is in (by proposal title); on every
 * other judged challenge each judge submits every review.
 */
export const REVIEW_PLANS: Record<string, Partial<Record<JudgeEmail, Record<string, ReviewStep>>>> = {
  retrofit: {
    "judge.park@judges.example": { "Retrofit priority map": "submit", "Indoor air monitoring after retrofit": "submit", "Retrofit-ready support for older tenants": "save" },
    "judge.obi@judges.example": { "Retrofit priority map": "recuse", "Indoor air monitoring after retrofit": "leave", "Retrofit-ready support for older tenants": "leave" },
    "judge.haddad@judges.example": { "Retrofit priority map": "submit", "Indoor air monitoring after retrofit": "save", "Retrofit-ready support for older tenants": "leave" },
  },
};

/** Conflicts judges declare on joining a panel (before any assignment), so they are never assigned those proposals. */
export const DECLARED_CONFLICTS: { challenge: string; judge: JudgeEmail; org: OrgKey; note: string }[] = [
  { challenge: "vaccination", judge: "judge.park@judges.example", org: "kin", note: "I sit on KinConnect's advisory board." },
];

export const RECUSAL_REASON = "I advised this applicant on an earlier grant bid.";

/** Answers to published pairings, by proposal title; a pair not listed is accepted by both sides. */
export const PAIRING_ANSWERS: Record<string, { startup: "accept" | "wait"; sponsor: "accept" | "wait" }> = {
  "Travel buddies for older residents": { startup: "wait", sponsor: "wait" },
  "On-demand minibuses for GP visits": { startup: "accept", sponsor: "wait" },
};
