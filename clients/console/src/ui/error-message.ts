/** The console's screens say a failed request in the words every client shares. */
export { errorMessage } from '@codesale/client-shared';
