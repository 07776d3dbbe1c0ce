import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';

/** The config key of the security groups. */
export const SECURITY_GROUPS_CONFIG_KEY =
  'kubeSecurity.permissionPolicy.securityGroups';

/** Used when `kubeSecurity.permissionPolicy.securityGroups` is not set. */
export const DEFAULT_SECURITY_GROUPS: readonly string[] = [
  'group:default/security',
];

/** Kinds that can appear in a user's ownership entity refs. */
const OWNERSHIP_KINDS = ['group', 'user'];

/** The settings of the Kube Security permission policy. */
export interface KubeSecurityPolicyConfig {
  /**
   * Canonical (lowercase, fully qualified) entity refs whose members may accept risks and
   * attest on any entity.
   */
  securityGroups: string[];
  /** Users outside the security groups read only their teams' findings (set when true). */
  readOwnedOnly?: boolean;
}

const validator = makeValidator();

function invalidRef(key: string, value: string, problem: string): never {
  throw new Error(
    `Invalid config ${key}: "${value}" ${problem}; expected an entity ref such as group:default/security`,
  );
}

/**
 * Parses one configured ref; a ref without a kind is a group, one without a namespace is in
 * `default`. Returns the canonical form, the one ownership entity refs use.
 */
export function parseSecurityGroupRef(value: string, key: string): string {
  let ref;
  try {
    ref = parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return invalidRef(key, value, 'is not an entity ref');
  }
  const kind = ref.kind.toLocaleLowerCase('en-US');
  if (!OWNERSHIP_KINDS.includes(kind)) {
    invalidRef(
      key,
      value,
      `has kind "${ref.kind}", which never appears in a user's ownership refs (use group or user)`,
    );
  }
  // Refs compare without regard to case, so Default/Security is fine.
  if (!validator.isValidNamespace(ref.namespace.toLocaleLowerCase('en-US'))) {
    invalidRef(key, value, `has an invalid namespace "${ref.namespace}"`);
  }
  if (!validator.isValidEntityName(ref.name)) {
    invalidRef(key, value, `has an invalid name "${ref.name}"`);
  }
  return stringifyEntityRef(ref);
}

/**
 * Reads and validates `kubeSecurity.permissionPolicy`, so that a mistyped group fails the
 * backend at start instead of silently locking the security team out.
 */
export function readKubeSecurityPolicyConfig(
  config: Config,
): KubeSecurityPolicyConfig {
  const configured = config.getOptionalStringArray(SECURITY_GROUPS_CONFIG_KEY);
  const values = configured ?? DEFAULT_SECURITY_GROUPS;
  const securityGroups = values.map((value, index) =>
    parseSecurityGroupRef(value, `${SECURITY_GROUPS_CONFIG_KEY}[${index}]`),
  );
  const readOwnedOnly = config.getOptionalBoolean(
    'kubeSecurity.permissionPolicy.readOwnedOnly',
  );
  return {
    securityGroups: [...new Set(securityGroups)],
    ...(readOwnedOnly ? { readOwnedOnly } : {}),
  };
}
