import { formatMoney, type MoneyValue } from '@codesale/client-shared';
import { Text, type TextProps } from '@mantine/core';

/** An amount from minor units with its currency; negative amounts in red so they are not missed. */
export function MoneyText({ money, ...props }: { money: MoneyValue } & TextProps) {
  return (
    <Text
      component="span"
      inherit
      ff="monospace"
      c={money.amount < 0 ? 'red.8' : undefined}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
      {...props}
    >
      {formatMoney(money)}
    </Text>
  );
}
