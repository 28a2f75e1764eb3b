import { Anchor, createTheme, darken, Modal, PasswordInput, type CSSVariablesResolver } from '@mantine/core';

/** System fonts only (nothing from a font CDN); teal 9 keeps white text past WCAG AA's 4.5:1 (teal 8 is 3.9:1). */
export const buyerTheme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 9, dark: 8 },
  autoContrast: true,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  components: {
    // Links in running text must not rely on colour alone (WCAG 1.4.1; axe link-in-text-block).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    // The show-password button is reachable from the keyboard (Mantine skips it in the tab order).
    PasswordInput: PasswordInput.extend({
      defaultProps: {
        visibilityToggleFocusable: true,
        visibilityToggleButtonProps: { 'aria-label': 'Show password' },
      },
    }),
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
    // Placeholders are text too (FileInput renders its own as a span, which axe measures): gray 5 is 2:1.
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    // Links also sit on the alerts' light tints: a third darker than teal 9 passes there as on white.
    '--mantine-color-anchor': darken(theme.colors[theme.primaryColor]![9], 0.35),
    // Mantine hovers a shade-9 filled button with shade 8 (lighter: 3.9:1 under white text); darker instead.
    '--mantine-primary-color-filled-hover': darken(theme.colors[theme.primaryColor]![9], 0.15),
    [`--mantine-color-${theme.primaryColor}-filled-hover`]: darken(
      theme.colors[theme.primaryColor]![9],
      0.15,
    ),
    // White on orange 9 is 4.3:1 (the filled "Disputed" badges): a filled orange a shade darker passes.
    '--mantine-color-orange-filled': darken(theme.colors.orange![9], 0.15),
    '--mantine-color-orange-filled-hover': darken(theme.colors.orange![9], 0.25),
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
