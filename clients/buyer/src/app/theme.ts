import { createTheme, darken, Modal, type CSSVariablesResolver } from '@mantine/core';

/** System fonts only (nothing from a font CDN); shade 8 keeps white text past WCAG AA's 4.5:1. */
export const buyerTheme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
  },
});

/**
 * Text contrast for the light scheme (WCAG AA 4.5:1; axe flags less as serious), as in the
 * console (clients/console/src/app/css-variables.ts): dimmed text is gray 7 instead of gray 6
 * (3.3:1 on white), and the text of light and outline variants (badges, alert titles) is each
 * colour's shade 9 a third darker, which passes on white and on the variants' light tints alike.
 */
export const buyerCssVariablesResolver: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
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
