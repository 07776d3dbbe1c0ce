import {
  darken,
  getContrastRatio,
  lighten,
  Theme,
} from '@material-ui/core/styles';

/** WCAG 2 level AA for normal-size text. */
export const AA_TEXT_CONTRAST = 4.5;

const MAX_STEPS = 20;

/** The surfaces a chip sits on: cards (paper) and the page itself. */
function surfaces(theme: Theme): string[] {
  return [theme.palette.background.paper, theme.palette.background.default];
}

function shade(theme: Theme, colour: string, step: number): string {
  if (step === 0) return colour;
  const amount = Math.min(1, step / MAX_STEPS);
  return theme.palette.type === 'dark'
    ? lighten(colour, amount)
    : darken(colour, amount);
}

/**
 * A theme colour used as text (an outlined chip): the colour itself when it
 * reaches AA on every surface, otherwise its nearest shade that does (darker
 * in a light theme, lighter in a dark one).
 */
export function readableTextColour(theme: Theme, colour: string): string {
  for (let step = 0; step <= MAX_STEPS; step++) {
    const candidate = shade(theme, colour, step);
    if (
      surfaces(theme).every(
        surface => getContrastRatio(candidate, surface) >= AA_TEXT_CONTRAST,
      )
    ) {
      return candidate;
    }
  }
  return theme.palette.text.primary;
}

/**
 * A theme colour used as a background behind text (a filled chip or badge):
 * white or black text, whichever reads better; when neither reaches AA the
 * background is shaded until one does.
 */
export function readableFill(
  theme: Theme,
  colour: string,
): { color: string; backgroundColor: string } {
  const inks = [theme.palette.common.white, theme.palette.common.black];
  for (let step = 0; step <= MAX_STEPS; step++) {
    const backgroundColor = shade(theme, colour, step);
    const [color, ratio] = inks
      .map(ink => [ink, getContrastRatio(ink, backgroundColor)] as const)
      .reduce((best, next) => (next[1] > best[1] ? next : best));
    if (ratio >= AA_TEXT_CONTRAST) return { color, backgroundColor };
  }
  return {
    color: theme.palette.common.white,
    backgroundColor: theme.palette.common.black,
  };
}
