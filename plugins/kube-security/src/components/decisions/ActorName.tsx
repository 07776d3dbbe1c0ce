import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { parseActor } from './describe';

/** Who made a decision: a link to the user's page, or the annotation, or the expiry job. */
export const ActorName = ({ actor }: { actor: string }) => {
  const parsed = parseActor(actor);
  if (parsed.type === 'entity') {
    return (
      <EntityRefLink entityRef={parsed.ref} defaultKind="user" title={actor}>
        {parsed.name}
      </EntityRefLink>
    );
  }
  return <span title={actor}>{parsed.text}</span>;
};
