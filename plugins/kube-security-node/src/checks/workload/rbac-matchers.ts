/*
 * What a single RBAC rule grants, one matcher per standard control. Each returns the words
 * a message names (e.g. `pods`, `deployments`), empty when the rule grants nothing the
 * control is about. A `*` in verbs, resources or apiGroups matches, as in the authorizer.
 */
import { asArray } from './helpers';
import {
  coversGroup,
  coversResource,
  grantsVerb,
  isNarrowedByName,
  type RuleMatcher,
} from './rbac';

export const READ_VERBS = ['get', 'list', 'watch'];
export const WRITE_VERBS = [
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
];

type Target = [group: string, resource: string];

/** The targets the rule covers, by resource name. */
function covered(rule: any, targets: Target[]): string[] {
  return targets
    .filter(
      ([group, resource]) =>
        coversGroup(rule, group) && coversResource(rule, resource),
    )
    .map(([, resource]) => resource);
}

/**
 * get/list/watch on Secrets (CIS 5.1.2). `resourceNames` narrows reads to the named Secrets,
 * which is the recommended way to give a workload its own Secret.
 */
export const readsSecrets: RuleMatcher = rule =>
  grantsVerb(rule, READ_VERBS) &&
  !isNarrowedByName(rule) &&
  covered(rule, [['', 'secrets']]).length > 0
    ? ['Secrets']
    : [];

/** Objects whose creation starts pods. */
const POD_CREATORS: Target[] = [
  ['', 'pods'],
  ['', 'replicationcontrollers'],
  ['apps', 'deployments'],
  ['apps', 'replicasets'],
  ['apps', 'statefulsets'],
  ['apps', 'daemonsets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
];

/** Suffix of the words of createsPods for what is changed rather than created. */
export const CHANGED = ' (update/patch)';

/**
 * create on pods or on the workloads that create them (CIS 5.1.4); update or patch of those
 * workloads or of pods/ephemeralcontainers. Kubernetes cannot limit
 * `create` by resource name, so a rule with resourceNames grants no create at all.
 */
export const createsPods: RuleMatcher = rule => {
  if (isNarrowedByName(rule)) return [];
  const created = grantsVerb(rule, ['create'])
    ? covered(rule, POD_CREATORS)
    : [];
  // Changing a workload's pod template, or adding an ephemeral container to a pod, runs
  // whatever the writer chooses just as well.
  const changed = grantsVerb(rule, ['update', 'patch'])
    ? covered(rule, [
        ...POD_CREATORS.filter(([, resource]) => resource !== 'pods'),
        ['', 'pods/ephemeralcontainers'],
      ]).filter(resource => !created.includes(resource))
    : [];
  return [...created, ...changed.map(resource => `${resource}${CHANGED}`)];
};

/** A shell, attach or port-forward into running pods (exec also works through `get`). */
export const execsIntoPods: RuleMatcher = rule =>
  grantsVerb(rule, ['create', 'get'])
    ? covered(rule, [
        ['', 'pods/exec'],
        ['', 'pods/attach'],
        ['', 'pods/portforward'],
      ])
    : [];

/** create on PersistentVolumes (CIS 5.1.9): a hostPath volume reaches the node's disk. */
export const createsPersistentVolumes: RuleMatcher = rule =>
  grantsVerb(rule, ['create']) && !isNarrowedByName(rule)
    ? covered(rule, [['', 'persistentvolumes']])
    : [];

/**
 * The verbs a proxied request is authorized with: the HTTP method's (GET and HEAD get, POST
 * create, PUT update, PATCH patch, DELETE delete). Other verbs (impersonate, bind…) never
 * authorize a request to the kubelet.
 */
const PROXY_VERBS = [
  'get',
  ...WRITE_VERBS.filter(v => v !== 'deletecollection'),
];

/** Access to nodes/proxy (CIS 5.1.10): the kubelet API, exec included, unaudited. */
export const proxiesToNodes: RuleMatcher = rule =>
  grantsVerb(rule, PROXY_VERBS) ? covered(rule, [['', 'nodes/proxy']]) : [];

/**
 * update/patch on certificatesigningrequests/approval, or `approve` on signers (CIS 5.1.11):
 * the two halves of approving a certificate request.
 */
export const approvesCertificates: RuleMatcher = rule => [
  ...(grantsVerb(rule, ['update', 'patch'])
    ? covered(rule, [
        ['certificates.k8s.io', 'certificatesigningrequests/approval'],
      ])
    : []),
  ...(grantsVerb(rule, ['approve'])
    ? covered(rule, [['certificates.k8s.io', 'signers']])
    : []),
];

/** Write on admission webhook configurations (CIS 5.1.12). */
export const writesWebhooks: RuleMatcher = rule =>
  grantsVerb(rule, WRITE_VERBS)
    ? covered(rule, [
        ['admissionregistration.k8s.io', 'validatingwebhookconfigurations'],
        ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations'],
      ])
    : [];

/** create on serviceaccounts/token (CIS 5.1.13): minting tokens of other accounts. */
export const createsTokens: RuleMatcher = rule =>
  grantsVerb(rule, ['create'])
    ? covered(rule, [['', 'serviceaccounts/token']])
    : [];

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** escalate, bind or impersonate (CIS 5.1.8), wildcards included. */
export const escalates: RuleMatcher = rule => {
  const found: string[] = [];
  const roles: Target[] = [
    [RBAC_GROUP, 'roles'],
    [RBAC_GROUP, 'clusterroles'],
  ];
  if (grantsVerb(rule, ['escalate']) && covered(rule, roles).length > 0)
    found.push('escalate');
  if (grantsVerb(rule, ['bind']) && covered(rule, roles).length > 0)
    found.push('bind');
  if (
    grantsVerb(rule, ['impersonate']) &&
    (covered(rule, [
      ['', 'users'],
      ['', 'groups'],
      ['', 'serviceaccounts'],
    ]).length > 0 ||
      covered(rule, [['authentication.k8s.io', 'uids']]).length > 0 ||
      // userextras/<key>, one resource per extra attribute.
      (coversGroup(rule, 'authentication.k8s.io') &&
        asArray<string>(rule?.resources).some(
          r => r === '*' || r.startsWith('userextras/'),
        )))
  )
    found.push('impersonate');
  return found;
};

/** The CIS controls a rule breaks, by matcher: what a wildcard rule amounts to. */
export const CONTROLS_BY_MATCHER: Array<[control: string, match: RuleMatcher]> =
  [
    ['CIS 5.1.2', readsSecrets],
    ['CIS 5.1.4', createsPods],
    ['CIS 5.1.8', escalates],
    ['CIS 5.1.9', createsPersistentVolumes],
    ['CIS 5.1.10', proxiesToNodes],
    ['CIS 5.1.11', approvesCertificates],
    ['CIS 5.1.12', writesWebhooks],
    ['CIS 5.1.13', createsTokens],
  ];

export function controlsBrokenBy(rule: any): string[] {
  return CONTROLS_BY_MATCHER.filter(([, match]) => match(rule).length > 0).map(
    ([control]) => control,
  );
}
