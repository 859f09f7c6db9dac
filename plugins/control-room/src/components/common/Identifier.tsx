import { Fragment } from 'react';

/**
 * A dotted or snake_case identifier (a table or check name) that wraps only
 * after its separators: `overflow-wrap: anywhere` alone breaks such names
 * letter by letter on a phone. A part longer than the line still breaks.
 */
export const Identifier = (props: { text: string }) => (
  <span style={{ overflowWrap: 'break-word' }}>
    {props.text.split(/(?<=[._])/).map((part, i) => (
      <Fragment key={i}>
        {i > 0 && <wbr />}
        {part}
      </Fragment>
    ))}
  </span>
);
