import type { CardConfirmation } from './emulator-confirm';

/** What both card forms (the emulator's test cards, Stripe Elements) are given and answer. */
export interface CardFormProps {
  clientSecret: string;
  publishableKey: string;
  /** "Pay €50.00". */
  payLabel: string;
  onConfirmed: (result: CardConfirmation) => void;
  /** The form's first field takes the focus once it shows (the buyer just pressed "Continue to payment"). */
  focusOnShow?: boolean;
}
