import { formatMoney, type MoneyValue } from '@codesale/client-shared';
import { Text, type TextProps } from '@mantine/core';

/**
 * An amount from minor units with its currency; negative amounts in red so they are not missed.
 * Red 9: red 8 is 4.3:1 on a striped table row (gray 0), under AA's 4.5:1; red 9 keeps 4.9:1 on a
 * hovered row (gray 1).
 */
export function MoneyText({ money, ...props }: { money: MoneyValue } & TextProps) {
  return (
    <Text
      component="span"
      inherit
      ff="monospace"
      c={money.amount < 0 ? 'red.9' : undefined}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
      {...props}
    >
      {formatMoney(money)}
    </Text>
  );
}
