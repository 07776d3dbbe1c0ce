import { ReactNode } from 'react';
import { useTableLayoutStyles } from './tableLayout';

/**
 * The box a table scrolls in when it is wider than its card, so the page never
 * scrolls sideways. It can take the keyboard focus (arrow keys scroll it) and is
 * named after its table.
 */
export const TableScroll = ({
  label,
  children,
}: {
  label: string;
  children: ReactNode;
}) => {
  const layout = useTableLayoutStyles();
  return (
    <div
      className={layout.scroll}
      role="group"
      aria-label={label}
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
    >
      {children}
    </div>
  );
};
