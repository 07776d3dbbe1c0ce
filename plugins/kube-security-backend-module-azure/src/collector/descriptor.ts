/**
 * Shapes ARM answers into the AKS descriptor the checks read (see AksDescriptor in
 * @kube-security/plugin-kube-security-node).
 */

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON copy: drops undefined fields the SDK models carry and turns Dates into ISO
 * strings, so the descriptor stores and compares like parsed CLI output.
 */
export function plain<T>(value: T): any {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * Fields a GET never returns but that would be credentials if it did; removed so that no
 * secret value can reach a snapshot whatever the API version answers.
 */
const SECRET_FIELDS: Array<[string, string]> = [
  ['windowsProfile', 'adminPassword'],
  ['servicePrincipalProfile', 'secret'],
  ['aadProfile', 'serverAppSecret'],
];

/**
 * The managed cluster as `az aks show` prints it: ARM's `properties` lifted to the top
 * level (as parseCloudDescriptor does for ARM REST input), plus `resourceGroup`, which
 * the CLI adds. The body is ARM's own JSON rather than the SDK model, because the model
 * drops fields its API version does not know (such as networkProfile.podLinkLocalAccess);
 * field names therefore keep ARM's spelling (`enableRBAC`, `authorizedIPRanges`,
 * `enableNodePublicIP`, `vnetSubnetID`), which the checks accept next to the CLI's.
 */
export function clusterFromArm(
  body: unknown,
  resourceGroup: string,
): Record<string, any> {
  if (!isObject(body)) {
    throw new TypeError('the managed cluster response is not a JSON object');
  }
  const { properties, ...rest } = plain(body) as Record<string, any>;
  const cluster: Record<string, any> = {
    ...rest,
    ...(isObject(properties) ? properties : {}),
  };
  if (cluster.resourceGroup === undefined)
    cluster.resourceGroup = resourceGroup;
  for (const [profile, field] of SECRET_FIELDS) {
    if (isObject(cluster[profile]) && field in cluster[profile]) {
      const kept = { ...cluster[profile] };
      delete kept[field];
      cluster[profile] = kept;
    }
  }
  return cluster;
}

/** What the SDK returns for a role assignment (the fields used here). */
export interface RoleAssignmentLike {
  id?: string;
  name?: string;
  scope?: string;
  roleDefinitionId?: string;
  principalId?: string;
  principalType?: string;
  condition?: string;
}

/**
 * A role assignment as `az role assignment list` prints it, minus `principalName`: ARM
 * returns object ids only (names live in Microsoft Graph), so the checks name principals
 * by `principalId`.
 */
export function roleAssignmentEntry(
  assignment: RoleAssignmentLike,
  roleDefinitionName: string | undefined,
): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    id: assignment.id,
    name: assignment.name,
    principalId: assignment.principalId,
    principalType: assignment.principalType,
    roleDefinitionId: assignment.roleDefinitionId,
    roleDefinitionName,
    scope: assignment.scope,
    condition: assignment.condition,
  };
  return plain(entry);
}
