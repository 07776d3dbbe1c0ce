import { Fragment } from 'react';

/** The pieces of a dotted or slashed path, each ending after its separator. */
export function identifierPieces(text: string): string[] {
  return text.split(/(?<=[./:[])/).filter(piece => piece.length > 0);
}

/**
 * A long dotted path (`spec.template.spec.containers[0].securityContext`)
 * that may wrap after its dots and slashes rather than inside a name.
 */
export const BreakableIdentifier = ({ text }: { text: string }) => (
  <>
    {identifierPieces(text).map((piece, index) => (
      <Fragment key={index}>
        {index > 0 && <wbr />}
        {piece}
      </Fragment>
    ))}
  </>
);
