import { createTheme, Modal, Notification, type CSSVariablesResolver } from '@mantine/core';

/**
 * System fonts only: nothing is fetched from a font CDN. Colours keep WCAG AA contrast on white:
 * indigo.6 under white text is 4.3:1, so filled buttons and links use shade 7 (5:1), and
 * autoContrast puts dark text on light fills (yellow, orange badges).
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 8 },
  autoContrast: true,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
  components: {
    // Close buttons are icons: they need a name (axe: button-name).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
      // A titled notification's description is gray.6 by default (3.3:1 on white).
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    }),
  },
});

/**
 * Mantine's "dimmed" text is gray.6 (#868e96, 3.3:1 on white), below the 4.5:1 AA asks of small
 * text; gray.7 (#495057, 8.6:1) still reads as secondary.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
