/** What the console's tables share. */

const NOWRAP = () => ({ style: { whiteSpace: 'nowrap' as const } });

/** A column kept on one line, heading and cells: a date in a narrow column broke after its year (2027-/03-31). */
export const ONE_LINE = { onHeaderCell: NOWRAP, onCell: NOWRAP };
