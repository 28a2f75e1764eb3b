import { createTheme, Modal, Notification, PasswordInput } from '@mantine/core';

/** System fonts only: nothing is fetched from a font CDN. Colours keep WCAG AA contrast on white. */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 6 under white text is 4.3:1 (axe flags it); shade 7 is 5.0:1, past WCAG AA's 4.5:1.
  primaryShade: { light: 7, dark: 8 },
  // Filled light colours (yellow, orange, green badges) get dark text instead of white.
  autoContrast: true,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
  components: {
    // Close buttons are icons: they need a name (axe: button-name).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    // The show-password button is reachable from the keyboard (Mantine skips it in the tab order).
    PasswordInput: PasswordInput.extend({
      defaultProps: {
        visibilityToggleFocusable: true,
        visibilityToggleButtonProps: { 'aria-label': 'Show password' },
      },
    }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
      // A titled notification's description is gray 6 by default (3.3:1 on white): dimmed is gray 7.
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    }),
  },
});
