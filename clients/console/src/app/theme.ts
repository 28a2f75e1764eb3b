import { createTheme } from '@mantine/core';

/** System fonts only: nothing is fetched from a font CDN. Colours keep WCAG AA contrast on white. */
export const theme = createTheme({
  primaryColor: 'indigo',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
});
