import { notifications } from '@mantine/notifications';

/** A short confirmation; its close button is named, as axe requires of every button. */
export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal.9', message, closeButtonProps: { 'aria-label': 'Dismiss' } });
}
