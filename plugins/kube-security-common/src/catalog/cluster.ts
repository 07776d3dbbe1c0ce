import { ActionItem } from '../types';
import { check, defineItem } from './define';

/** Items about the managed cluster itself (plan positions 5-9). */
export const CLUSTER_ITEMS: ActionItem[] = [
  defineItem({
    id: 'cluster-private-access',
    category: 'cluster',
    order: 5,
    title: 'Keep the API server and nodes off the public internet',
    why:
      'An API server reachable from 0.0.0.0/0 can be tried by anyone holding a leaked kubeconfig or token, and by every scanner waiting for the next authentication vulnerability. ' +
      'Nodes with public IP addresses expose the kubelet, NodePorts and SSH directly. ' +
      'Restricting the control plane to a private endpoint or a short list of trusted networks, and keeping nodes in private subnets, means a stolen credential alone is no longer enough to get in.',
    whatGoodLooksLike:
      'The control-plane endpoint is private, or public only to a short list of office, VPN and CI egress ranges; no node has a public IP; ' +
      'no firewall rule admits 0.0.0.0/0 to the API server, SSH or the NodePort range; administrators reach the cluster through VPN, a bastion or private connectivity.',
    evidence: ['cloud', 'kubernetes'],
    checks: [
      check(
        'cluster-private-access',
        'public-endpoint',
        'API server endpoint is private or limited to trusted networks',
        'critical',
        'cloud',
        {
          standards: [
            'CIS EKS 5.4.1',
            'CIS EKS 5.4.2',
            'CIS GKE 5.6.3',
            'CIS GKE 5.6.4',
            'CIS AKS 5.4.1',
            'CIS AKS 5.4.2',
            'NSA/CISA: Control plane hardening',
          ],
        },
      ),
      check(
        'cluster-private-access',
        'private-endpoint',
        'EKS private endpoint access is enabled',
        'medium',
        'cloud',
        { standards: ['CIS EKS 5.4.2', 'NSA/CISA: Control plane hardening'] },
      ),
      check(
        'cluster-private-access',
        'public-node-ips',
        'Nodes have no public IP addresses',
        'high',
        'cloud',
        {
          additionalEvidence: ['kubernetes'],
          standards: ['CIS EKS 5.4.3', 'CIS GKE 5.6.5', 'CIS AKS 5.4.3'],
        },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'Turn on the private endpoint and either turn off the public one or limit it to known CIDR ranges; run node groups in private subnets that do not assign public IPs.',
        steps: [
          {
            text: 'Make the endpoint private only (kubectl then has to run from inside the VPC, over VPN or Direct Connect).',
            command:
              'aws eks update-cluster-config --name <cluster> --resources-vpc-config endpointPublicAccess=false,endpointPrivateAccess=true',
          },
          {
            text: 'If a public endpoint is still needed, limit it to trusted ranges.',
            command:
              'aws eks update-cluster-config --name <cluster> --resources-vpc-config endpointPublicAccess=true,endpointPrivateAccess=true,publicAccessCidrs="<cidr-1>,<cidr-2>"',
          },
          {
            text: 'Stop node subnets from assigning public IPs, and move node groups to private subnets.',
            command:
              'aws ec2 modify-subnet-attribute --subnet-id <subnet-id> --no-map-public-ip-on-launch',
          },
          {
            text: 'Remove security group rules that open SSH to the whole internet.',
            command:
              'aws ec2 revoke-security-group-ingress --group-id <node-security-group-id> --protocol tcp --port 22 --cidr 0.0.0.0/0',
          },
          {
            text: 'Verify that no node reports an external IP (the EXTERNAL-IP column should read <none>).',
            command: 'kubectl get nodes -o wide',
          },
        ],
        docs: [
          {
            title: 'Cluster API server endpoint',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html',
          },
          {
            title: 'Amazon EKS VPC and subnet requirements',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html',
          },
        ],
      },
      gke: {
        summary:
          'Enable authorized networks on the control plane and, where admins and CI can reach it, use the private endpoint only; use private nodes so that no node gets an external IP, with Cloud NAT for outbound traffic.',
        steps: [
          {
            text: 'Allow only trusted ranges to reach the control plane.',
            command:
              'gcloud container clusters update <cluster> --location=<location> --enable-master-authorized-networks --master-authorized-networks=<cidr-1>,<cidr-2>',
          },
          {
            text: 'Turn off access through the public endpoint once administrators and CI can use the private one.',
            command:
              'gcloud container clusters update <cluster> --location=<location> --enable-private-endpoint',
          },
          {
            text: 'Make nodes private (supported in place on clusters that use Private Service Connect; older VPC-peering clusters may need new node pools).',
            command:
              'gcloud container clusters update <cluster> --location=<location> --enable-private-nodes',
          },
          {
            text: 'Give private nodes outbound access through Cloud NAT.',
            command: [
              'gcloud compute routers create <router> --network=<network> --region=<region>',
              'gcloud compute routers nats create <nat> --router=<router> --region=<region> --auto-allocate-nat-external-ips --nat-all-subnet-ip-ranges',
            ].join('\n'),
          },
        ],
        docs: [
          {
            title: 'Add authorized networks for control plane access',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks',
          },
          {
            title: 'About network isolation in GKE',
            url: 'https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation',
          },
        ],
      },
      aks: {
        summary:
          'Limit the public API server to authorized IP ranges, or run a private cluster; keep node public IPs disabled on every node pool.',
        steps: [
          {
            text: 'Allow only trusted ranges to reach the API server.',
            command:
              'az aks update -g <rg> -n <cluster> --api-server-authorized-ip-ranges <cidr-1>,<cidr-2>',
          },
          {
            text: 'Create new clusters as private clusters, so the API server only has an address inside your virtual network.',
            command:
              'az aks create -g <rg> -n <cluster> --enable-private-cluster --network-plugin azure --vnet-subnet-id <subnet-id> --generate-ssh-keys',
          },
          {
            text: 'Find node pools with public IPs and replace them with pools without (the setting cannot be changed on an existing pool).',
            command: [
              'az aks nodepool list -g <rg> --cluster-name <cluster> --query "[].{pool:name, publicIp:enableNodePublicIp}" -o table',
              'az aks nodepool add -g <rg> --cluster-name <cluster> -n <new-pool> --node-count 3',
              'az aks nodepool delete -g <rg> --cluster-name <cluster> -n <old-pool>',
            ].join('\n'),
          },
        ],
        docs: [
          {
            title:
              'Secure access to the API server using authorized IP ranges in AKS',
            url: 'https://learn.microsoft.com/en-us/azure/aks/api-server-authorized-ip-ranges',
          },
          {
            title: 'Create a private AKS cluster',
            url: 'https://learn.microsoft.com/en-us/azure/aks/private-clusters',
          },
          {
            title: 'Use instance-level public IPs in AKS',
            url: 'https://learn.microsoft.com/en-us/azure/aks/use-node-public-ips',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'cluster-multi-zone',
    category: 'cluster',
    order: 6,
    title: 'Spread the control plane and nodes across availability zones',
    why:
      'Availability is part of security: one failing data centre, or one exhausted zone, should not stop every replica of an application at once. ' +
      'A single-zone control plane is a single point of failure for every deployment, scale-up and emergency patch, exactly when you may need them most. ' +
      'Spreading the control plane over three zones and nodes over at least two keeps the cluster manageable and the workloads serving while one zone is unhealthy.',
    whatGoodLooksLike:
      'Production control planes are regional or zone-redundant (three zones); every node pool spans at least two zones, preferably three; ' +
      'workloads use topology spread constraints or anti-affinity plus PodDisruptionBudgets so that replicas land in different zones.',
    evidence: ['cloud', 'kubernetes'],
    checks: [
      check(
        'cluster-multi-zone',
        'control-plane-zones',
        'Control plane is replicated across zones',
        'high',
        'cloud',
      ),
      check(
        'cluster-multi-zone',
        'node-zones',
        'Worker nodes span two or more zones',
        'medium',
        'cloud',
        { additionalEvidence: ['kubernetes'], scope: 'cluster' },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'The EKS control plane always runs across three Availability Zones; make sure node groups use subnets in at least two, preferably three, zones and that replicas are spread over them.',
        steps: [
          {
            text: 'Check which zones your nodes run in.',
            command: 'kubectl get nodes -L topology.kubernetes.io/zone',
          },
          {
            text: 'Create managed node groups with subnets in several zones, then move workloads off single-zone groups.',
            command:
              'aws eks create-nodegroup --cluster-name <cluster> --nodegroup-name <nodegroup> --node-role <node-role-arn> --subnets <subnet-az-a> <subnet-az-b> <subnet-az-c> --scaling-config minSize=3,maxSize=<max-size>,desiredSize=3',
          },
          {
            text: 'Ask the scheduler to spread replicas across zones.',
            manifest: [
              'spec:',
              '  template:',
              '    spec:',
              '      topologySpreadConstraints:',
              '        - maxSkew: 1',
              '          topologyKey: topology.kubernetes.io/zone',
              '          whenUnsatisfiable: ScheduleAnyway',
              '          labelSelector:',
              '            matchLabels:',
              '              app.kubernetes.io/name: <app>',
            ].join('\n'),
          },
        ],
        docs: [
          {
            title: 'Simplify node lifecycle with managed node groups',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html',
          },
          {
            title: 'Pod topology spread constraints',
            url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
          },
        ],
      },
      gke: {
        summary:
          'A zonal cluster has one control-plane replica in one zone. Use regional clusters for production; the location type cannot be changed, so create a regional cluster and migrate, and meanwhile spread nodes over more zones.',
        steps: [
          {
            text: 'Find zonal clusters: their location is a zone (such as europe-west1-b) rather than a region.',
            command:
              'gcloud container clusters list --format="table(name,location,locations)"',
          },
          {
            text: 'Create a regional cluster with nodes in three zones and migrate workloads to it.',
            command:
              'gcloud container clusters create <cluster> --region=<region> --node-locations=<zone-a>,<zone-b>,<zone-c> --num-nodes=1',
          },
          {
            text: "Until then, add zones to the existing cluster's nodes (this protects workloads, not the control plane; the cluster's own zone must stay in the list).",
            command:
              'gcloud container clusters update <cluster> --zone=<zone> --node-locations=<zone>,<zone-b>',
          },
        ],
        docs: [
          {
            title: 'Regional clusters',
            url: 'https://cloud.google.com/kubernetes-engine/docs/concepts/regional-clusters',
          },
          {
            title: 'Create a regional cluster',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/creating-a-regional-cluster',
          },
        ],
      },
      aks: {
        summary:
          'Use the Standard (or Premium) tier, which scales the control plane and comes with an uptime SLA, and create node pools across availability zones 1, 2 and 3; zones can only be chosen when a pool is created.',
        steps: [
          {
            text: 'Move the cluster to the Standard tier.',
            command: 'az aks update -g <rg> -n <cluster> --tier standard',
          },
          {
            text: 'Check which zones each node pool uses.',
            command:
              'az aks nodepool list -g <rg> --cluster-name <cluster> --query "[].{pool:name, zones:availabilityZones}" -o table',
          },
          {
            text: 'Add a node pool spanning three zones, then drain and delete the single-zone pool.',
            command:
              'az aks nodepool add -g <rg> --cluster-name <cluster> -n <pool> --zones 1 2 3 --node-count 3',
          },
        ],
        docs: [
          {
            title: 'Use availability zones in AKS',
            url: 'https://learn.microsoft.com/en-us/azure/aks/availability-zones',
          },
          {
            title: 'AKS Free, Standard and Premium pricing tiers',
            url: 'https://learn.microsoft.com/en-us/azure/aks/free-standard-pricing-tiers',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'cluster-audit-logging',
    category: 'cluster',
    order: 7,
    title: 'Turn on control-plane audit logs and keep them outside the cluster',
    why:
      'The Kubernetes audit log is the only record of who read a Secret, ran exec in a pod, created a privileged workload or bound themselves to cluster-admin. ' +
      'Managed providers do not collect all of it by default, and whatever is not recorded when the request happens is lost for good. ' +
      'Denied requests matter too: a burst of forbidden responses is often the first visible sign of someone trying out a stolen token.',
    whatGoodLooksLike:
      'API server audit logs (plus authenticator or guard logs) are enabled on every cluster, with both allowed and denied requests recorded, ' +
      'stored centrally outside the cluster with access limited to the security team, and alerts exist for sensitive events such as unexpected Secret reads, exec into pods and RBAC changes.',
    evidence: ['cloud'],
    checks: [
      check(
        'cluster-audit-logging',
        'control-plane-audit-logs',
        'Control-plane audit logs are enabled',
        'high',
        'cloud',
        {
          standards: [
            'CIS EKS 2.1.1',
            'CIS AKS 2.1.1',
            'NSA/CISA: Audit logging',
          ],
        },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'Enable all five control-plane log types (api, audit, authenticator, controllerManager and scheduler); EKS writes them to CloudWatch Logs, from where a subscription filter can forward them to your SIEM.',
        steps: [
          {
            text: 'Enable all control-plane log types.',
            command:
              'aws eks update-cluster-config --name <cluster> --logging \'{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}\'',
          },
          {
            text: 'Confirm which log types are enabled.',
            command:
              'aws eks describe-cluster --name <cluster> --query cluster.logging',
          },
          {
            text: 'Set a retention period and forward the log group to your central store or SIEM.',
            command: [
              'aws logs put-retention-policy --log-group-name /aws/eks/<cluster>/cluster --retention-in-days <days>',
              'aws logs put-subscription-filter --log-group-name /aws/eks/<cluster>/cluster --filter-name <filter> --filter-pattern "" --destination-arn <destination-arn>',
            ].join('\n'),
          },
        ],
        docs: [
          {
            title: 'Send control plane logs to CloudWatch Logs',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html',
          },
          {
            title: 'Real-time processing of log data with subscriptions',
            url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Subscriptions.html',
          },
        ],
      },
      gke: {
        summary:
          'GKE always records Admin Activity audit logs for the Kubernetes API. Enable Data Access audit logs for the Kubernetes Engine API so reads (for example of Secrets) are recorded too, keep cluster logging on, and include API server logs.',
        steps: [
          {
            text: 'Send system, workload and API server logs to Cloud Logging.',
            command:
              'gcloud container clusters update <cluster> --location=<location> --logging=SYSTEM,WORKLOAD,API_SERVER',
          },
          {
            text: 'Enable Data Access audit logs for container.googleapis.com in the project IAM policy (export it, add the block below, keep the etag, set it back).',
            command: [
              'gcloud projects get-iam-policy <project> --format=yaml > policy.yaml',
              'gcloud projects set-iam-policy <project> policy.yaml',
            ].join('\n'),
            manifest: [
              'auditConfigs:',
              '  - service: container.googleapis.com',
              '    auditLogConfigs:',
              '      - logType: ADMIN_READ',
              '      - logType: DATA_READ',
              '      - logType: DATA_WRITE',
            ].join('\n'),
          },
          {
            text: 'Route the cluster audit logs to a central destination.',
            command:
              'gcloud logging sinks create <sink> <destination> --log-filter=\'resource.type="k8s_cluster" AND logName:"cloudaudit.googleapis.com"\'',
          },
        ],
        docs: [
          {
            title: 'GKE audit logging',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/audit-logging',
          },
          {
            title: 'Enable Data Access audit logs',
            url: 'https://cloud.google.com/logging/docs/audit/configure-data-access',
          },
        ],
      },
      aks: {
        summary:
          'AKS keeps control-plane logs only when a diagnostic setting exists. Enable kube-audit-admin (write requests, lower volume) or kube-audit (all requests including reads), plus kube-apiserver and guard, and send them to Log Analytics or a storage account.',
        steps: [
          {
            text: 'Create a diagnostic setting for the cluster. Use the kube-audit category instead of kube-audit-admin when you need to see who read Secrets, at the cost of more volume.',
            command:
              'az monitor diagnostic-settings create --name <setting> --resource <cluster-resource-id> --workspace <workspace-resource-id> --logs \'[{"category":"kube-audit-admin","enabled":true},{"category":"kube-apiserver","enabled":true},{"category":"guard","enabled":true}]\'',
          },
          {
            text: 'Confirm the setting is in place.',
            command:
              'az monitor diagnostic-settings list --resource <cluster-resource-id> -o table',
          },
        ],
        docs: [
          {
            title: 'Monitor Azure Kubernetes Service',
            url: 'https://learn.microsoft.com/en-us/azure/aks/monitor-aks',
          },
          {
            title: 'AKS monitoring data reference',
            url: 'https://learn.microsoft.com/en-us/azure/aks/monitor-aks-reference',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'cluster-security-features',
    category: 'cluster',
    order: 8,
    title:
      'Build clusters with RBAC, admission webhooks, network policy and workload identity',
    why:
      "Several safeguards in this plan rely on features that must be enabled in the cluster itself: RBAC for least privilege, admission webhooks for policy engines, a network plugin that enforces NetworkPolicy, and workload identity so pods get short-lived cloud credentials instead of borrowing the node's. " +
      "Without them, NetworkPolicy objects are accepted but silently ignored and every pod acts with the node's cloud permissions. " +
      "Some of these can only be chosen when a cluster is created, so they belong in the organisation's standard cluster build.",
    whatGoodLooksLike:
      'Every cluster comes from a standard template with RBAC on (no legacy ABAC), admission webhooks allowed, a NetworkPolicy-capable dataplane (VPC CNI network policy, Dataplane V2 / Calico, Azure NPM / Calico / Cilium), ' +
      'workload identity (EKS Pod Identity or IRSA, GKE Workload Identity Federation, Microsoft Entra Workload ID); as an addition to the practice, Secrets are envelope-encrypted with a customer-managed KMS key.',
    evidence: ['cloud', 'kubernetes'],
    checks: [
      check(
        'cluster-security-features',
        'rbac-enabled',
        'Kubernetes RBAC is enabled',
        'critical',
        'cloud',
        { standards: ['CIS GKE 5.8.3', 'NSA/CISA: RBAC'] },
      ),
      check(
        'cluster-security-features',
        'network-policy-support',
        'The cluster enforces NetworkPolicy',
        'high',
        'cloud',
        {
          additionalEvidence: ['kubernetes'],
          scope: 'cluster',
          standards: [
            'CIS 5.3.1',
            'CIS EKS 5.4.4',
            'CIS GKE 5.6.7',
            'CIS AKS 5.4.4',
            'NSA/CISA: Network policies',
          ],
        },
      ),
      check(
        'cluster-security-features',
        'admission-webhooks',
        'Dynamic admission webhooks are enabled',
        'high',
        'cloud',
        { additionalEvidence: ['kubernetes'], scope: 'cluster' },
      ),
      check(
        'cluster-security-features',
        'workload-identity',
        'Workload identity for pods is configured',
        'high',
        'cloud',
        { standards: ['CIS EKS 5.2.1', 'CIS GKE 5.2.2', 'CIS AKS 5.2.1'] },
      ),
      check(
        'cluster-security-features',
        'secrets-encryption',
        'Secrets are envelope-encrypted with a KMS key',
        'medium',
        'cloud',
        {
          addition:
            'The practice names RBAC, admission webhooks, a NetworkPolicy-capable network plugin and workload identity; encrypting Secrets with a KMS key is a further safeguard the provider benchmarks ask for.',
          standards: [
            'CIS EKS 5.3.1',
            'CIS GKE 5.3.1',
            'CIS AKS 5.3.1',
            'NSA/CISA: Secrets',
          ],
        },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'RBAC and admission webhooks are always on in EKS. Enable network policy in the VPC CNI add-on, install the Pod Identity agent (or configure IRSA), and encrypt Secrets with a KMS key.',
        steps: [
          {
            text: 'Turn on NetworkPolicy enforcement in the Amazon VPC CNI add-on.',
            command:
              'aws eks update-addon --cluster-name <cluster> --addon-name vpc-cni --configuration-values \'{"enableNetworkPolicy":"true"}\'',
          },
          {
            text: 'Install the Pod Identity agent and give each workload its own IAM role.',
            command: [
              'aws eks create-addon --cluster-name <cluster> --addon-name eks-pod-identity-agent',
              'aws eks create-pod-identity-association --cluster-name <cluster> --namespace <namespace> --service-account <service-account> --role-arn <role-arn>',
            ].join('\n'),
          },
          {
            text: 'Encrypt Secrets with your own KMS key (this cannot be turned off again once enabled).',
            command:
              'aws eks associate-encryption-config --cluster-name <cluster> --encryption-config \'[{"resources":["secrets"],"provider":{"keyArn":"<kms-key-arn>"}}]\'',
          },
        ],
        docs: [
          {
            title: 'Limit pod traffic with Kubernetes network policies',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html',
          },
          {
            title:
              'Learn how EKS Pod Identity grants pods access to AWS services',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html',
          },
          {
            title: 'Encrypt Kubernetes secrets with KMS on existing clusters',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html',
          },
        ],
      },
      gke: {
        summary:
          'Keep legacy ABAC off, use GKE Dataplane V2 (network policy built in) or enable Calico network policy enforcement, enable Workload Identity Federation for GKE, and turn on application-layer Secret encryption with Cloud KMS.',
        steps: [
          {
            text: 'Disable legacy attribute-based access control.',
            command:
              'gcloud container clusters update <cluster> --location=<location> --no-enable-legacy-authorization',
          },
          {
            text: 'Enforce NetworkPolicy. New clusters: create them with --enable-dataplane-v2. Existing clusters without Dataplane V2: enable the add-on, then enforcement (node pools are recreated).',
            command: [
              'gcloud container clusters update <cluster> --location=<location> --update-addons=NetworkPolicy=ENABLED',
              'gcloud container clusters update <cluster> --location=<location> --enable-network-policy',
            ].join('\n'),
          },
          {
            text: 'Enable Workload Identity Federation on the cluster and the GKE metadata server on its node pools.',
            command: [
              'gcloud container clusters update <cluster> --location=<location> --workload-pool=<project>.svc.id.goog',
              'gcloud container node-pools update <pool> --cluster=<cluster> --location=<location> --workload-metadata=GKE_METADATA',
            ].join('\n'),
          },
          {
            text: 'Encrypt Secrets in etcd with a Cloud KMS key (the GKE service agent needs the Encrypter/Decrypter role on the key).',
            command:
              'gcloud container clusters update <cluster> --location=<location> --database-encryption-key=projects/<project>/locations/<kms-location>/keyRings/<key-ring>/cryptoKeys/<key>',
          },
        ],
        docs: [
          {
            title: 'Authenticate to Google Cloud APIs from GKE workloads',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity',
          },
          {
            title:
              'Control communication between Pods and Services using network policies',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy',
          },
          {
            title: 'Encrypt secrets at the application layer',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets',
          },
        ],
      },
      aks: {
        summary:
          'RBAC can only be chosen when an AKS cluster is created, so clusters built without it must be rebuilt. Enable a network policy engine, the OIDC issuer with Microsoft Entra Workload ID, and KMS etcd encryption with Azure Key Vault.',
        steps: [
          {
            text: 'Check whether Kubernetes RBAC is enabled; a cluster that returns false has to be recreated.',
            command: 'az aks show -g <rg> -n <cluster> --query enableRbac',
          },
          {
            text: 'Install a network policy engine (azure, calico, or cilium together with the Cilium dataplane).',
            command:
              'az aks update -g <rg> -n <cluster> --network-policy calico',
          },
          {
            text: 'Enable the OIDC issuer and Workload ID, then federate a managed identity with a Kubernetes service account.',
            command: [
              'az aks update -g <rg> -n <cluster> --enable-oidc-issuer --enable-workload-identity',
              'az identity federated-credential create --name <credential> --identity-name <managed-identity> --resource-group <rg> --issuer <oidc-issuer-url> --subject system:serviceaccount:<namespace>:<service-account> --audience api://AzureADTokenExchange',
            ].join('\n'),
          },
          {
            text: 'Encrypt Secrets in etcd with a Key Vault key.',
            command:
              'az aks update -g <rg> -n <cluster> --enable-azure-keyvault-kms --azure-keyvault-kms-key-id <key-id>',
          },
        ],
        docs: [
          {
            title: 'Secure traffic between pods with network policies in AKS',
            url: 'https://learn.microsoft.com/en-us/azure/aks/use-network-policies',
          },
          {
            title: 'Deploy and configure workload identity on an AKS cluster',
            url: 'https://learn.microsoft.com/en-us/azure/aks/workload-identity-deploy-cluster',
          },
          {
            title:
              'Add Key Management Service etcd encryption to an AKS cluster',
            url: 'https://learn.microsoft.com/en-us/azure/aks/use-kms-etcd-encryption',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'cluster-node-least-privilege',
    category: 'cluster',
    order: 9,
    title:
      'Give nodes minimal cloud permissions and keep pods away from node credentials',
    why:
      "By default every pod can call the instance metadata endpoint (169.254.169.254) and receive the node's cloud credentials. " +
      'If the node identity can read every registry, write to storage or change the network, one compromised container inherits all of it; server-side request forgery in a web app is a well-known route to exactly these credentials. ' +
      'Trimming the node identity to what the kubelet needs and blocking pods from the metadata service stops a container breach from becoming a cloud account breach.',
    whatGoodLooksLike:
      'The node role or service account has only what nodes need (join the cluster, pull images, write logs and metrics); workloads use their own identities through workload identity; ' +
      'pods cannot reach node credentials (IMDSv2 with a hop limit of 1, the GKE metadata server, AKS IMDS restriction, or an egress policy that blocks 169.254.169.254).',
    evidence: ['cloud'],
    checks: [
      check(
        'cluster-node-least-privilege',
        'metadata-protection',
        'Pods cannot obtain node credentials from the metadata service',
        'high',
        'cloud',
        { standards: ['CIS GKE 5.4.2'] },
      ),
      check(
        'cluster-node-least-privilege',
        'node-identity',
        'Nodes run with a minimal, dedicated cloud identity',
        'high',
        'cloud',
        { standards: ['CIS GKE 5.2.1'] },
      ),
    ],
    remediation: {
      eks: {
        summary:
          "Require IMDSv2 with a hop limit of 1 in the node groups' launch templates so that pods cannot reach instance credentials, move workload permissions to Pod Identity or IRSA roles, and keep the node role to the AWS managed worker policies.",
        steps: [
          {
            text: 'Create a launch template version that requires IMDSv2 with a hop limit of 1, and roll the node group onto it.',
            command: [
              'aws ec2 create-launch-template-version --launch-template-id <launch-template-id> --source-version <version> --launch-template-data \'{"MetadataOptions":{"HttpTokens":"required","HttpPutResponseHopLimit":1}}\'',
              'aws eks update-nodegroup-version --cluster-name <cluster> --nodegroup-name <nodegroup> --launch-template id=<launch-template-id>,version=<new-version>',
            ].join('\n'),
          },
          {
            text: 'Apply the same metadata options to running instances right away.',
            command:
              'aws ec2 modify-instance-metadata-options --instance-id <instance-id> --http-tokens required --http-put-response-hop-limit 1',
          },
          {
            text: 'Review the node role: keep AmazonEKSWorkerNodePolicy and AmazonEC2ContainerRegistryPullOnly (plus AmazonEKS_CNI_Policy unless the VPC CNI has its own role) and detach everything else.',
            command: [
              'aws iam list-attached-role-policies --role-name <node-role>',
              'aws iam detach-role-policy --role-name <node-role> --policy-arn <policy-arn>',
            ].join('\n'),
          },
        ],
        docs: [
          {
            title: 'Amazon EKS node IAM role',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html',
          },
          {
            title: 'Configure the instance metadata options',
            url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html',
          },
        ],
      },
      gke: {
        summary:
          'Run node pools as a dedicated service account holding only roles/container.defaultNodeServiceAccount, instead of the Compute Engine default account with the cloud-platform scope, and enable the GKE metadata server so pods only see their own Workload Identity.',
        steps: [
          {
            text: 'Create a minimal service account for nodes.',
            command: [
              'gcloud iam service-accounts create <node-sa> --display-name="GKE nodes"',
              'gcloud projects add-iam-policy-binding <project> --member=serviceAccount:<node-sa>@<project>.iam.gserviceaccount.com --role=roles/container.defaultNodeServiceAccount',
            ].join('\n'),
          },
          {
            text: "Create node pools that use it, move workloads, and delete the old pools (a pool's service account cannot be changed).",
            command:
              'gcloud container node-pools create <pool> --cluster=<cluster> --location=<location> --service-account=<node-sa>@<project>.iam.gserviceaccount.com --workload-metadata=GKE_METADATA',
          },
          {
            text: 'Enable the GKE metadata server on existing node pools (Workload Identity Federation must be on for the cluster).',
            command:
              'gcloud container node-pools update <pool> --cluster=<cluster> --location=<location> --workload-metadata=GKE_METADATA',
          },
        ],
        docs: [
          {
            title: 'Harden your cluster security',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster',
          },
          {
            title: 'Authenticate to Google Cloud APIs from GKE workloads',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity',
          },
        ],
      },
      aks: {
        summary:
          'Use managed identities rather than a service principal for the cluster and kubelet, give the kubelet identity little more than AcrPull on your registries, and restrict pod access to IMDS so that pods rely on Workload ID instead.',
        steps: [
          {
            text: 'Check whether the cluster uses a service principal or managed identities.',
            command:
              'az aks show -g <rg> -n <cluster> --query "{servicePrincipal:servicePrincipalProfile.clientId, kubeletIdentity:identityProfile.kubeletidentity.objectId}"',
          },
          {
            text: 'Switch a service-principal cluster to managed identity, then reimage the nodes so the kubelet picks it up.',
            command: [
              'az aks update -g <rg> -n <cluster> --enable-managed-identity',
              'az aks upgrade -g <rg> -n <cluster> --node-image-only',
            ].join('\n'),
          },
          {
            text: 'Review what the kubelet identity may do and remove everything beyond pulling images.',
            command:
              'az role assignment list --assignee <kubelet-object-id> --all -o table',
          },
          {
            text: 'Block pods without host networking from reaching IMDS (preview feature: needs the aks-preview extension; check add-on compatibility first).',
            command: [
              'az extension add --name aks-preview',
              'az aks update -g <rg> -n <cluster> --enable-imds-restriction',
            ].join('\n'),
          },
        ],
        docs: [
          {
            title: 'Use a managed identity in AKS',
            url: 'https://learn.microsoft.com/en-us/azure/aks/use-managed-identity',
          },
          {
            title: 'Block pod access to the IMDS endpoint',
            url: 'https://learn.microsoft.com/en-us/azure/aks/imds-restriction',
          },
        ],
      },
    },
  }),
];
