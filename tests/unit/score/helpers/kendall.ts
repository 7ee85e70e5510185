// Kendall's tau-b: rank agreement corrected for ties (clamped scores and 0–5 clipping create ties).
// O(n²), fine for panels of a few hundred proposals.
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError("kendallTauB: arrays differ in length");
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0; // pairs tied in x only
  let tiesY = 0; // pairs tied in y only
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign(x[i] - x[j]);
      const dy = Math.sign(y[i] - y[j]);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const denom = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
  return denom === 0 ? 0 : (concordant - discordant) / denom;
}
