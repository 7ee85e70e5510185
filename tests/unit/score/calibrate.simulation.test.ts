// What calibration buys on simulated panels with known true quality: ~60 proposals, 15 judges,
// 3 judges per proposal, 10% of reviews missing, review noise sd 0.4, judge scales e^N(0, 0.25),
// all scores clipped to 0–5. The figures are printed so they can be quoted.
import { describe, expect, it } from "vitest";
import { calibrateScores, type CalibrationOptions } from "../../../app/rules/score/calibrate";
import { kendallTauB } from "./helpers/kendall";
import { simulatePanel, type PanelSpec } from "./helpers/simulate";

const SEEDS = 200;

function meanTaus(spec: Omit<PanelSpec, "seed">, options: CalibrationOptions = {}) {
  let raw = 0;
  let calibrated = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const panel = simulatePanel({ ...spec, seed });
    const { proposals } = calibrateScores(panel.reviews, options);
    const truth = proposals.map((p) => panel.truth.get(p.id)!);
    raw += kendallTauB(truth, proposals.map((p) => p.raw));
    calibrated += kendallTauB(truth, proposals.map((p) => p.calibrated));
  }
  return { raw: raw / SEEDS, calibrated: calibrated / SEEDS, gain: (calibrated - raw) / SEEDS };
}

const show = (label: string, t: ReturnType<typeof meanTaus>) =>
  console.log(
    `${label}: mean Kendall tau-b over ${SEEDS} seeds: raw ${t.raw.toFixed(4)}, calibrated ${t.calibrated.toFixed(4)}, gain ${t.gain >= 0 ? "+" : ""}${t.gain.toFixed(4)}`,
  );

describe("calibration on simulated panels", () => {
  it("ranks clearly better than the raw mean when judges are biased (offset sd 0.8)", () => {
    const t = meanTaus({ offsetSd: 0.8 });
    show("offset sd 0.8", t);
    expect(t.gain).toBeGreaterThanOrEqual(0.08);
  });

  it("does not harm a panel with no bias (offset sd 0)", () => {
    const t = meanTaus({ offsetSd: 0 });
    show("offset sd 0  ", t);
    expect(t.gain).toBeGreaterThanOrEqual(-0.01);
  });

  it("helps with mild bias (offset sd 0.4) and with no scale differences at all", () => {
    const mild = meanTaus({ offsetSd: 0.4 });
    show("offset sd 0.4", mild);
    expect(mild.gain).toBeGreaterThan(0.02);
    const pure = meanTaus({ offsetSd: 0.8, scaleSd: 0 });
    show("offset sd 0.8, equal scales", pure);
    expect(pure.gain).toBeGreaterThanOrEqual(0.08);
  });

  it("opt-in scale term helps when judges use very different ranges (scale sd 0.5)", () => {
    const additive = meanTaus({ offsetSd: 0.8, scaleSd: 0.5 });
    const scaled = meanTaus({ offsetSd: 0.8, scaleSd: 0.5 }, { scalePenalty: 10 });
    show("offset sd 0.8, scale sd 0.5, additive", additive);
    show("offset sd 0.8, scale sd 0.5, scalePenalty 10", scaled);
    expect(scaled.calibrated).toBeGreaterThan(additive.calibrated);
  });

  it("reports uncertainties that match the actual errors (≈95% within 1.96 standard errors)", () => {
    let inside = 0;
    let count = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const panel = simulatePanel({ seed, offsetSd: 0.8 });
      const { proposals } = calibrateScores(panel.reviews);
      const errors = proposals.map((p) => p.calibrated - panel.truth.get(p.id)!);
      // The panel's overall leniency is unknowable (offsets sum to 0 by convention): compare
      // errors around their common shift.
      const shift = errors.reduce((s, e) => s + e, 0) / errors.length;
      proposals.forEach((p, i) => {
        count++;
        if (Math.abs(errors[i] - shift) < 1.96 * p.uncertainty) inside++;
      });
    }
    console.log(`uncertainty coverage: ${((100 * inside) / count).toFixed(1)}% within 1.96 SE (nominal 95%)`);
    expect(inside / count).toBeGreaterThan(0.9);
    expect(inside / count).toBeLessThan(0.99);
  });
});
