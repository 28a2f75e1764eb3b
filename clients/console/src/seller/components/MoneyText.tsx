import { formatMoney, type MoneyValue } from '@codesale/client-shared';
import { Text, type TextProps } from '@mantine/core';

/** An amount from minor units with its currency; tabular figures keep columns aligned. */
export function MoneyText({ money, ...props }: { money: MoneyValue } & TextProps) {
  return (
    <Text component="span" inherit style={{ fontVariantNumeric: 'tabular-nums' }} {...props}>
      {formatMoney(money)}
    </Text>
  );
}
