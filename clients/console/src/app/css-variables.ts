import { darken, type CSSVariablesResolver } from '@mantine/core';

/**
 * Text contrast for the light scheme (WCAG AA, 4.5:1 for small text; axe flags less as serious).
 * Mantine's dimmed text is gray 6 on white (3.3:1): gray 7 instead. The text of light and outline
 * variants (badges, alert titles, outline buttons) is shade 6 or 7 of its colour, and even shade 9
 * of green, orange and yellow stays under 4.5:1 on white: each colour's shade 9, a third
 * darker, passes on white and on the variants' light tints alike. A field's error message (and the
 * text of the field it marks) is red 6 by default (3.6:1): red 9 instead. Placeholders, as in the
 * buyer app, are gray 7.
 */
export const cssVariablesResolver: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // Placeholders are text too (FileInput renders its own as a span, which axe measures): gray 5 is 2:1.
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    ...Object.fromEntries(
      Object.entries(theme.colors).flatMap(([name, shades]) => {
        const text = darken(shades[9], 0.35);
        return [
          [`--mantine-color-${name}-light-color`, text],
          [`--mantine-color-${name}-outline`, text],
        ];
      }),
    ),
  },
  dark: {},
});
