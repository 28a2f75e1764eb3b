import { closeStrayBrowsers } from './browser-harness';

// After each browser test file: a browser its own afterAll could not close (see closeStrayBrowsers).
afterAll(closeStrayBrowsers);
