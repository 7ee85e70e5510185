// GOV.UK colours for charts. (Their days and numbers are formatted by app/lib/dates and app/lib/words.)
export const COLOURS = {
  blue: "#1d70b8",
  green: "#00703c",
  red: "#d4351c",
  orange: "#f47738",
  grey: "#505a5f",
  black: "#0b0c0c",
} as const;

/** Series colours in order: distinct in hue and in lightness, so they survive greyscale. */
export const SERIES_COLOURS = [COLOURS.blue, COLOURS.black, COLOURS.orange, COLOURS.green];
