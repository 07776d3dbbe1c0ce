import { renderInTestApp } from '@backstage/test-utils';
import { Theme, useTheme } from '@material-ui/core/styles';
import {
  Grade,
  ITEM_STATUSES,
  SEVERITIES,
} from '@kube-security/plugin-kube-security-common';
import { gradeColor } from './Score';
import { severityChipColour } from './SeverityChip';
import { statusChipColours } from './StatusChip';
import { readableFill, readableTextColour } from './readableColors';

/** WCAG 2 relative luminance of `#rgb`, `#rrggbb` or `rgb(r, g, b)`, written out here so the test does not trust the code under test. */
function luminance(colour: string): number {
  const hex =
    colour.length === 4 ? colour.replace(/[0-9a-f]/gi, d => d + d) : colour;
  const channels = colour.startsWith('#')
    ? [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16))
    : colour
        .replace(/^rgba?\(|\)$/g, '')
        .split(',')
        .slice(0, 3)
        .map(Number);
  const [r, g, b] = channels.map(c => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

async function backstageTheme(): Promise<Theme> {
  let theme: Theme | undefined;
  const Probe = () => {
    theme = useTheme();
    return null;
  };
  await renderInTestApp(<Probe />);
  return theme!;
}

describe('readable colours', () => {
  it('measures the pairs the accessibility review reported as failing', () => {
    expect(contrast('#ff9800', '#ffffff')).toBeCloseTo(2.15, 1);
    expect(contrast('#ffffff', '#2196f3')).toBeCloseTo(3.12, 1);
  });

  it('gives every severity chip text of at least 4.5:1 on cards and on the page', async () => {
    const theme = await backstageTheme();
    const { paper, default: page } = theme.palette.background;
    for (const severity of SEVERITIES) {
      const colour = severityChipColour(theme, severity);
      expect([severity, contrast(colour, paper) >= 4.5]).toEqual([
        severity,
        true,
      ]);
      expect([severity, contrast(colour, page) >= 4.5]).toEqual([
        severity,
        true,
      ]);
    }
  });

  it('gives every status chip text of at least 4.5:1 on its own background', async () => {
    const theme = await backstageTheme();
    const { paper, default: page } = theme.palette.background;
    for (const status of ITEM_STATUSES) {
      const { color, backgroundColor, outlined } = statusChipColours(
        theme,
        status,
      );
      const behind = outlined ? [paper, page] : [backgroundColor!];
      for (const surface of behind) {
        expect([status, contrast(color, surface) >= 4.5]).toEqual([
          status,
          true,
        ]);
      }
    }
  });

  it('gives every grade badge text of at least 4.5:1', async () => {
    const theme = await backstageTheme();
    const grades: Array<Grade | null> = ['A', 'B', 'C', 'D', 'F', null];
    for (const grade of grades) {
      const { color, backgroundColor } = readableFill(
        theme,
        gradeColor(theme, grade),
      );
      expect([grade, contrast(color, backgroundColor) >= 4.5]).toEqual([
        grade,
        true,
      ]);
    }
  });

  it('keeps a theme colour that is readable already, and shades one that is not', async () => {
    const theme = await backstageTheme();
    expect(readableTextColour(theme, '#000000')).toBe('#000000');
    const medium = readableTextColour(theme, '#ff9800');
    expect(medium).not.toBe('#ff9800');
    expect(contrast(medium, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    // Shaded, not swapped: still an orange (red above green above blue).
    const [r, g, b] = medium
      .replace(/^rgb\(|\)$/g, '')
      .split(',')
      .map(Number);
    expect(r).toBeGreaterThan(g);
    expect(g).toBeGreaterThan(b);
  });
});
