import { ActionItem } from '../types';
import { check, defineItem } from './define';

/** Items about the cloud account around the cluster (plan positions 1-4). */
export const CLOUD_ITEMS: ActionItem[] = [
  defineItem({
    id: 'cloud-network-isolation',
    category: 'cloud',
    order: 1,
    title: 'Give each cluster its own network boundary',
    why:
      'When a cluster shares its VPC or virtual network, subnets and firewall rules with unrelated systems, ' +
      'a breach on either side can reach the other: a compromised VM can probe node ports and the API server, ' +
      'and a compromised pod can scan databases that were never meant to be reachable from Kubernetes. ' +
      'Rules widened for one system silently apply to all of them. ' +
      'A dedicated network per cluster keeps the blast radius of an incident small and the firewall rules reviewable.',
    whatGoodLooksLike:
      "Each production cluster runs in its own VPC / VNet (or at least its own subnets with cluster-specific firewall rules), never in the provider's default network; " +
      'no unrelated VMs or services share those subnets; traffic to other networks goes through explicit peering, private endpoints or load balancers with narrow rules.',
    evidence: ['cloud', 'attestation'],
    checks: [
      check(
        'cloud-network-isolation',
        'dedicated-network',
        'Cluster runs in a dedicated network, not a default or shared one',
        'medium',
        'cloud',
      ),
    ],
    remediation: {
      eks: {
        summary:
          "An EKS cluster's VPC is fixed when the cluster is created, so isolation means building the next cluster in a dedicated VPC and moving workloads over. " +
          'Until then, narrow the security groups of the shared VPC.',
        steps: [
          {
            text: "Find out what else has network interfaces in the cluster's VPC.",
            command: [
              'aws eks describe-cluster --name <cluster> --query cluster.resourcesVpcConfig.vpcId --output text',
              "aws ec2 describe-network-interfaces --filters Name=vpc-id,Values=<vpc-id> --query 'NetworkInterfaces[].[InterfaceType,Description,SubnetId]' --output table",
            ].join('\n'),
          },
          {
            text: 'Create a dedicated VPC with private subnets in several Availability Zones (the EKS sample template is shown; your own infrastructure-as-code works just as well).',
            command:
              'aws cloudformation create-stack --stack-name <cluster>-vpc --template-url https://s3.us-west-2.amazonaws.com/amazon-eks/cloudformation/2020-10-29/amazon-eks-vpc-private-subnets.yaml',
          },
          {
            text: "Create the replacement cluster in the new VPC's private subnets, migrate workloads, then delete the old cluster.",
            command:
              'aws eks create-cluster --name <cluster> --role-arn <cluster-role-arn> --resources-vpc-config subnetIds=<subnet-a>,<subnet-b>,<subnet-c>,endpointPrivateAccess=true,endpointPublicAccess=false',
          },
          {
            text: 'Meanwhile, review the cluster security group and remove rules that admit the whole VPC CIDR or unrelated security groups.',
            command:
              'aws ec2 describe-security-group-rules --filters Name=group-id,Values=<cluster-security-group-id>',
          },
        ],
        docs: [
          {
            title: 'Amazon EKS VPC and subnet requirements',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html',
          },
          {
            title: 'Create an Amazon VPC for your Amazon EKS cluster',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/creating-a-vpc.html',
          },
          {
            title: 'Amazon EKS security group requirements',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html',
          },
        ],
      },
      gke: {
        summary:
          "Move clusters out of the project's auto-mode `default` network into a custom-mode VPC (or a dedicated Shared VPC subnet) whose firewall rules exist only for the cluster. " +
          "A cluster's network cannot be changed afterwards, so this means creating a new cluster and migrating.",
        steps: [
          {
            text: 'List clusters with the network and subnetwork they use.',
            command:
              'gcloud container clusters list --format="table(name,location,network,subnetwork)"',
          },
          {
            text: 'Create a custom-mode VPC and a subnet with secondary ranges for Pods and Services.',
            command: [
              'gcloud compute networks create <network> --subnet-mode=custom',
              'gcloud compute networks subnets create <subnet> --network=<network> --region=<region> --range=<node-cidr> --secondary-range=pods=<pod-cidr>,services=<service-cidr> --enable-private-ip-google-access',
            ].join('\n'),
          },
          {
            text: 'Create the replacement VPC-native cluster on that subnet and migrate workloads to it.',
            command:
              'gcloud container clusters create <cluster> --region=<region> --network=<network> --subnetwork=<subnet> --enable-ip-alias --cluster-secondary-range-name=pods --services-secondary-range-name=services',
          },
          {
            text: 'Review the firewall rules of the old network and delete broad ones (such as default-allow-internal and default-allow-ssh) once nothing depends on them.',
            command:
              'gcloud compute firewall-rules list --filter="network:default"',
          },
        ],
        docs: [
          {
            title: 'Create and manage VPC networks',
            url: 'https://cloud.google.com/vpc/docs/create-modify-vpc-networks',
          },
          {
            title: 'Create a VPC-native cluster',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/alias-ips',
          },
          {
            title: 'GKE network overview',
            url: 'https://cloud.google.com/kubernetes-engine/docs/concepts/network-overview',
          },
        ],
      },
      aks: {
        summary:
          'Deploy each cluster into its own virtual network, or at least its own subnet (bring-your-own VNet with Azure CNI), protected by a network security group that only serves the cluster. ' +
          "A node pool's subnet cannot be moved, so shared clusters are rebuilt in the new network.",
        steps: [
          {
            text: "Find the subnets the cluster's node pools use, then list everything else in that virtual network.",
            command: [
              'az aks show -g <rg> -n <cluster> --query "agentPoolProfiles[].vnetSubnetId" -o tsv',
              'az network vnet subnet list -g <vnet-rg> --vnet-name <vnet> -o table',
            ].join('\n'),
          },
          {
            text: 'Create a dedicated virtual network and subnet for the cluster.',
            command:
              'az network vnet create -g <rg> -n <vnet> --address-prefixes <vnet-cidr> --subnet-name <subnet> --subnet-prefixes <subnet-cidr>',
          },
          {
            text: 'Create the replacement cluster in that subnet and migrate workloads to it.',
            command:
              'az aks create -g <rg> -n <cluster> --network-plugin azure --vnet-subnet-id <subnet-id> --generate-ssh-keys',
          },
          {
            text: 'Attach a network security group to the subnet that only allows the flows the cluster needs.',
            command:
              'az network vnet subnet update -g <rg> --vnet-name <vnet> -n <subnet> --network-security-group <nsg>',
          },
        ],
        docs: [
          {
            title: 'Networking concepts for applications in AKS',
            url: 'https://learn.microsoft.com/en-us/azure/aks/concepts-network',
          },
          {
            title: 'Configure Azure CNI networking in AKS',
            url: 'https://learn.microsoft.com/en-us/azure/aks/configure-azure-cni',
          },
          {
            title:
              'Best practices for network connectivity and security in AKS',
            url: 'https://learn.microsoft.com/en-us/azure/aks/operator-best-practices-network',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'cloud-mfa-enforced',
    category: 'cloud',
    order: 2,
    title: 'Require multi-factor authentication for every cloud account',
    why:
      'Anyone who can sign in to the cloud account can usually take over the cluster as well: open its endpoint, grant themselves admin, read node credentials or delete it. ' +
      'Passwords leak through phishing, reuse across sites and info-stealing malware, and a password-only console login is the cheapest way in for an attacker. ' +
      'A second factor, ideally a phishing-resistant security key, turns a stolen password into a dead end.',
    whatGoodLooksLike:
      "Every person who can reach the cloud console or CLI signs in through the organisation's identity provider, with MFA enforced by policy rather than left to each user; " +
      'administrators use phishing-resistant factors such as FIDO2 keys; no IAM user with a console password lacks an MFA device; break-glass accounts are few, MFA-protected and monitored.',
    evidence: ['cloud', 'attestation'],
    checks: [
      check(
        'cloud-mfa-enforced',
        'iam-users-mfa',
        'IAM users with a console password have MFA enabled',
        'critical',
        'cloud',
        { standards: ['NSA/CISA: Authentication'] },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'Sign people in through IAM Identity Center (or your SAML / OIDC identity provider) with MFA required on every sign-in, and make sure any IAM users that keep a console password have an MFA device.',
        steps: [
          {
            text: 'Find IAM users that have a console password but no MFA device: in the credential report, look for password_enabled=true and mfa_active=false.',
            command: [
              'aws iam generate-credential-report',
              'aws iam get-credential-report --query Content --output text | base64 --decode | cut -d, -f1,4,8',
            ].join('\n'),
          },
          {
            text: 'Require MFA for every IAM Identity Center sign-in.',
            consolePath:
              'IAM Identity Center > Settings > Authentication > Multi-factor authentication > Configure > Every time they sign in (always-on)',
          },
          {
            text: 'Assign an MFA device to each IAM user that must keep console access.',
            consolePath:
              'IAM > Users > <user> > Security credentials > Multi-factor authentication (MFA) > Assign MFA device',
          },
          {
            text: 'Remove console passwords from IAM users that only need programmatic access (or replace those users with roles).',
            command: 'aws iam delete-login-profile --user-name <user>',
          },
        ],
        docs: [
          {
            title: 'AWS Multi-factor authentication in IAM',
            url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html',
          },
          {
            title: 'Configure MFA in IAM Identity Center',
            url: 'https://docs.aws.amazon.com/singlesignon/latest/userguide/enable-mfa.html',
          },
          {
            title: 'Generate credential reports for your AWS account',
            url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
          },
        ],
      },
      gke: {
        summary:
          'Enforce 2-Step Verification in Cloud Identity / Google Workspace for every user with access to Google Cloud, or enforce MFA in your external identity provider when sign-in is federated, and keep unmanaged accounts out of IAM policies.',
        steps: [
          {
            text: 'Enforce 2-Step Verification for every organisational unit that contains Google Cloud users, after giving them a short enrolment period.',
            consolePath:
              'Google Admin console > Security > Authentication > 2-step verification > Enforcement: On',
          },
          {
            text: 'Require security keys for administrators and other privileged groups.',
            consolePath:
              'Google Admin console > Security > Authentication > 2-step verification > (admin organisational unit) > Methods: Only security key',
          },
          {
            text: 'When sign-in is federated through SSO, require MFA in the identity provider policy that covers the Google Cloud application.',
          },
          {
            text: 'Allow IAM grants only to identities from your own domain, so personal accounts outside your 2SV policy cannot be given access.',
            command:
              'gcloud resource-manager org-policies allow iam.allowedPolicyMemberDomains <customer-id> --organization=<org-id>',
          },
        ],
        docs: [
          {
            title: 'Multi-factor authentication requirement for Google Cloud',
            url: 'https://cloud.google.com/docs/authentication/mfa-requirement',
          },
          {
            title: 'Restricting identities by domain',
            url: 'https://cloud.google.com/resource-manager/docs/organization-policy/restricting-domains',
          },
        ],
      },
      aks: {
        summary:
          'Require MFA for every user with a Microsoft Entra Conditional Access policy (or security defaults on tenants without Entra ID P1), and require phishing-resistant methods for administrators.',
        steps: [
          {
            text: 'Create a Conditional Access policy requiring MFA for all users and all resources, excluding only monitored break-glass accounts; run it in report-only mode for a few days before turning it on.',
            consolePath:
              'Microsoft Entra admin center > Protection > Conditional Access > Policies > New policy from template > Require multifactor authentication for all users',
          },
          {
            text: 'Require phishing-resistant MFA for administrator roles.',
            consolePath:
              'Microsoft Entra admin center > Protection > Conditional Access > Policies > New policy from template > Require phishing-resistant multifactor authentication for administrators',
          },
          {
            text: 'On tenants without Conditional Access licences, enable security defaults instead.',
            consolePath:
              'Microsoft Entra admin center > Identity > Overview > Properties > Manage security defaults > Enabled',
          },
          {
            text: 'Review sign-ins that still succeed with a single factor and follow up with their owners.',
            consolePath:
              'Microsoft Entra admin center > Identity > Monitoring & health > Sign-in logs (filter: Authentication requirement = Single-factor authentication)',
          },
        ],
        docs: [
          {
            title:
              'Secure user sign-in events with Microsoft Entra multifactor authentication',
            url: 'https://learn.microsoft.com/en-us/entra/identity/authentication/tutorial-enable-azure-mfa',
          },
          {
            title: 'Security defaults in Microsoft Entra ID',
            url: 'https://learn.microsoft.com/en-us/entra/fundamentals/security-defaults',
          },
          {
            title: 'Mandatory Microsoft Entra multifactor authentication',
            url: 'https://learn.microsoft.com/en-us/entra/identity/authentication/concept-mandatory-multifactor-authentication',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'cloud-iam-least-privilege',
    category: 'cloud',
    order: 3,
    title: 'Grant cloud access through groups and keep cluster admins few',
    why:
      'Cloud IAM decides who can reconfigure, read or delete the cluster and its nodes, disks and registries, and on every major provider a cloud admin role also means admin inside Kubernetes. ' +
      'Permissions attached to individual users accumulate as people move between teams and are rarely taken away, so one phished laptop often carries far more power than its owner uses. ' +
      'Every principal that can fully control the cluster is another account an attacker only needs to compromise once.',
    whatGoodLooksLike:
      'Roles are granted to groups, or to roles assumed through SSO, never attached directly to user accounts; ' +
      'only a handful of principals (ideally with just-in-time elevation) hold full cluster-admin or project / subscription owner rights; ' +
      "developers get namespace-scoped access; unused permissions are pruned regularly with the provider's access analysis tools.",
    evidence: ['cloud', 'attestation'],
    checks: [
      check(
        'cloud-iam-least-privilege',
        'policies-on-users',
        'Cloud permissions are granted to groups or roles, not to individual users',
        'medium',
        'cloud',
        { standards: ['NSA/CISA: RBAC'] },
      ),
      check(
        'cloud-iam-least-privilege',
        'cluster-admins',
        'Only a few principals have full control of the cluster',
        'high',
        'cloud',
        { standards: ['NSA/CISA: RBAC'] },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'Move permissions off IAM users into roles assumed through IAM Identity Center, and review EKS access entries so that only a few roles hold AmazonEKSClusterAdminPolicy while developers get namespace-scoped policies.',
        steps: [
          {
            text: 'List managed and inline policies attached directly to an IAM user.',
            command: [
              'aws iam list-attached-user-policies --user-name <user>',
              'aws iam list-user-policies --user-name <user>',
            ].join('\n'),
          },
          {
            text: 'Grant the permission through a group (or better, a role) and detach it from the user.',
            command: [
              'aws iam add-user-to-group --group-name <group> --user-name <user>',
              'aws iam detach-user-policy --user-name <user> --policy-arn <policy-arn>',
            ].join('\n'),
          },
          {
            text: 'See which principals have access entries and which access policies they hold.',
            command: [
              'aws eks list-access-entries --cluster-name <cluster>',
              'aws eks list-associated-access-policies --cluster-name <cluster> --principal-arn <principal-arn>',
            ].join('\n'),
          },
          {
            text: 'Give developers namespace-scoped access and take cluster-wide admin away from everyone outside the platform team.',
            command: [
              'aws eks associate-access-policy --cluster-name <cluster> --principal-arn <role-arn> --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy --access-scope type=namespace,namespaces=<namespace>',
              'aws eks disassociate-access-policy --cluster-name <cluster> --principal-arn <principal-arn> --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
            ].join('\n'),
          },
          {
            text: 'Remove the implicit admin access entry of the identity that created the cluster once a named admin role exists.',
            command:
              'aws eks delete-access-entry --cluster-name <cluster> --principal-arn <creator-principal-arn>',
          },
        ],
        docs: [
          {
            title:
              'Grant IAM users access to Kubernetes with EKS access entries',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html',
          },
          {
            title: 'Associate access policies with access entries',
            url: 'https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html',
          },
          {
            title: 'Security best practices in IAM',
            url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
          },
        ],
      },
      gke: {
        summary:
          'Grant IAM roles to Google groups instead of user accounts, take basic roles (Owner, Editor) away from people, keep roles/container.admin to a small platform group, and give developers namespace-scoped Kubernetes RBAC through Google Groups for RBAC.',
        steps: [
          {
            text: 'List the roles granted directly to user accounts in the project.',
            command:
              'gcloud projects get-iam-policy <project> --flatten="bindings[].members" --filter="bindings.members:user:" --format="table(bindings.role,bindings.members)"',
          },
          {
            text: 'Grant the role to a group instead, then remove the user binding.',
            command: [
              'gcloud projects add-iam-policy-binding <project> --member=group:<group-email> --role=<role>',
              'gcloud projects remove-iam-policy-binding <project> --member=user:<user-email> --role=<role>',
            ].join('\n'),
          },
          {
            text: 'Use IAM role recommendations to find and remove permissions nobody has used recently.',
            command:
              'gcloud recommender recommendations list --project=<project> --location=global --recommender=google.iam.policy.Recommender',
          },
          {
            text: 'Turn on Google Groups for RBAC so that namespace access can be granted to groups with RoleBindings instead of project-wide IAM roles.',
            command:
              'gcloud container clusters update <cluster> --location=<location> --security-group=gke-security-groups@<domain>',
          },
        ],
        docs: [
          {
            title: 'Create IAM policies for GKE',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/iam',
          },
          {
            title: 'Configure Google Groups for RBAC',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/google-groups-rbac',
          },
          {
            title: 'Use IAM securely',
            url: 'https://cloud.google.com/iam/docs/using-iam-securely',
          },
        ],
      },
      aks: {
        summary:
          "Use Microsoft Entra ID integration with Azure RBAC for Kubernetes, assign roles to Entra groups, keep 'Azure Kubernetes Service RBAC Cluster Admin' and Owner to a few principals (eligible through PIM rather than permanent), and disable local accounts.",
        steps: [
          {
            text: 'List role assignments made to individual users on the cluster, including inherited ones.',
            command:
              'az role assignment list --scope <cluster-resource-id> --include-inherited --query "[?principalType==\'User\'].{user:principalName, role:roleDefinitionName}" -o table',
          },
          {
            text: 'Assign a namespace-scoped role to an Entra group instead, then delete the user assignment.',
            command: [
              'az role assignment create --assignee-object-id <group-object-id> --assignee-principal-type Group --role "Azure Kubernetes Service RBAC Writer" --scope <cluster-resource-id>/namespaces/<namespace>',
              'az role assignment delete --assignee <user-upn> --role "<role>" --scope <cluster-resource-id>',
            ].join('\n'),
          },
          {
            text: 'Authorise Kubernetes access with Azure RBAC and disable local accounts, so the static cluster-admin credential can no longer be downloaded.',
            command:
              'az aks update -g <rg> -n <cluster> --enable-azure-rbac --disable-local-accounts',
          },
          {
            text: 'Make admin roles eligible through Privileged Identity Management instead of permanently assigned.',
            consolePath:
              'Microsoft Entra admin center > Identity governance > Privileged Identity Management > Azure resources > <subscription> > Roles',
          },
        ],
        docs: [
          {
            title: 'Use Azure RBAC for Kubernetes authorization',
            url: 'https://learn.microsoft.com/en-us/azure/aks/manage-azure-rbac',
          },
          {
            title:
              'Manage local accounts with AKS-managed Microsoft Entra integration',
            url: 'https://learn.microsoft.com/en-us/azure/aks/manage-local-accounts-managed-azure-ad',
          },
          {
            title: 'Best practices for Azure RBAC',
            url: 'https://learn.microsoft.com/en-us/azure/role-based-access-control/best-practices',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'cloud-audit-logging',
    category: 'cloud',
    order: 4,
    title: 'Record cloud audit logs and collect them centrally',
    why:
      'After an incident the first questions are who did what, from where and when; without cloud audit logs nobody can answer them, because API calls that create keys, open firewall rules or copy disks leave no trace. ' +
      'Logs kept only inside the account they describe can be deleted by the same intruder. ' +
      'Sending audit, managed-service and VM logs to a separate, central store that feeds detection rules turns silent misuse into an alert.',
    whatGoodLooksLike:
      'Administrative activity is logged in every region and project / subscription, with data-access logging for sensitive services; managed services have their native logs on; VMs run a logging agent; ' +
      'everything flows to a central, access-restricted store (a separate log account, project or workspace) with retention that matches incident-response needs, and a SIEM raises alerts on it.',
    evidence: ['cloud', 'attestation'],
    checks: [
      check(
        'cloud-audit-logging',
        'cloud-audit-trail',
        'A cloud audit trail covers the whole account',
        'high',
        'cloud',
        { standards: ['NSA/CISA: Audit logging'] },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'Create a multi-region CloudTrail trail (an organisation trail if you use AWS Organizations) that writes to a bucket in a dedicated log account, turn on GuardDuty, and feed both into your SIEM.',
        steps: [
          {
            text: 'Check which trails exist, whether they cover all regions, and whether they are logging.',
            command: [
              "aws cloudtrail describe-trails --query 'trailList[].[Name,IsMultiRegionTrail,IsOrganizationTrail]' --output table",
              'aws cloudtrail get-trail-status --name <trail>',
            ].join('\n'),
          },
          {
            text: 'Create a multi-region trail with log file validation and start it.',
            command: [
              'aws cloudtrail create-trail --name <trail> --s3-bucket-name <log-bucket> --is-multi-region-trail --enable-log-file-validation',
              'aws cloudtrail start-logging --name <trail>',
            ].join('\n'),
          },
          {
            text: 'Enable GuardDuty so that suspicious API calls and EKS audit-log anomalies become findings.',
            command:
              'aws guardduty create-detector --enable --features \'[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"}]\'',
          },
          {
            text: 'Install the CloudWatch agent (or your SIEM agent) on EC2 instances so that OS and application logs are collected too.',
            command:
              'aws ssm send-command --document-name AWS-ConfigureAWSPackage --parameters \'{"action":["Install"],"name":["AmazonCloudWatchAgent"]}\' --targets Key=tag:<tag-key>,Values=<tag-value>',
          },
        ],
        docs: [
          {
            title: 'What is AWS CloudTrail?',
            url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-user-guide.html',
          },
          {
            title: 'What is Amazon GuardDuty?',
            url: 'https://docs.aws.amazon.com/guardduty/latest/ug/what-is-guardduty.html',
          },
        ],
      },
      gke: {
        summary:
          'Admin Activity audit logs are always on; enable Data Access audit logs for the services that hold sensitive data, and route every audit log to a central, locked-down bucket or SIEM with an aggregated sink at organisation level.',
        steps: [
          {
            text: 'Add an auditConfigs block to the project (or organisation) IAM policy: export the policy, add the block below while keeping the etag, and write it back.',
            command: [
              'gcloud projects get-iam-policy <project> --format=yaml > policy.yaml',
              'gcloud projects set-iam-policy <project> policy.yaml',
            ].join('\n'),
            manifest: [
              'auditConfigs:',
              '  - service: allServices',
              '    auditLogConfigs:',
              '      - logType: ADMIN_READ',
              '      - logType: DATA_READ',
              '      - logType: DATA_WRITE',
            ].join('\n'),
          },
          {
            text: 'Route audit logs from every project to a central log bucket with an organisation-level aggregated sink.',
            command:
              'gcloud logging sinks create <sink> logging.googleapis.com/projects/<log-project>/locations/global/buckets/<bucket> --organization=<org-id> --include-children --log-filter=\'logName:"cloudaudit.googleapis.com"\'',
          },
          {
            text: 'Install the Ops Agent on Compute Engine VMs outside GKE so their system and application logs are collected.',
            command:
              'curl -sSO https://dl.google.com/cloudagents/add-google-cloud-ops-agent-repo.sh && sudo bash add-google-cloud-ops-agent-repo.sh --also-install',
          },
        ],
        docs: [
          {
            title: 'Enable Data Access audit logs',
            url: 'https://cloud.google.com/logging/docs/audit/configure-data-access',
          },
          {
            title: 'Aggregated sinks overview',
            url: 'https://cloud.google.com/logging/docs/export/aggregated_sinks',
          },
          {
            title: 'Cloud Audit Logs overview',
            url: 'https://cloud.google.com/logging/docs/audit',
          },
        ],
      },
      aks: {
        summary:
          "Export the subscription's Activity Log with a diagnostic setting to a central Log Analytics workspace (or an Event Hub that feeds your SIEM), enable resource logs on managed services, and connect the workspace to Microsoft Sentinel or your SIEM.",
        steps: [
          {
            text: "Send the subscription's Activity Log to a central workspace.",
            command:
              'az monitor diagnostic-settings subscription create --name <setting> --location <region> --workspace <workspace-resource-id> --logs \'[{"category":"Administrative","enabled":true},{"category":"Security","enabled":true},{"category":"Policy","enabled":true},{"category":"Alert","enabled":true}]\'',
          },
          {
            text: 'Turn on audit resource logs for other managed services (Key Vault, storage, databases).',
            command:
              'az monitor diagnostic-settings create --name <setting> --resource <resource-id> --workspace <workspace-resource-id> --logs \'[{"categoryGroup":"audit","enabled":true}]\'',
          },
          {
            text: 'Connect the workspace to Microsoft Sentinel, or stream it to your SIEM through Event Hubs.',
            consolePath:
              'Microsoft Sentinel > Create > (select the workspace) > Add',
          },
          {
            text: 'Collect VM logs with the Azure Monitor Agent through a data collection rule.',
            consolePath: 'Monitor > Settings > Data Collection Rules > Create',
          },
        ],
        docs: [
          {
            title: 'Azure Monitor activity log',
            url: 'https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log',
          },
          {
            title: 'Diagnostic settings in Azure Monitor',
            url: 'https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/diagnostic-settings',
          },
          {
            title: 'Onboard Microsoft Sentinel',
            url: 'https://learn.microsoft.com/en-us/azure/sentinel/quickstart-onboard',
          },
        ],
      },
    },
  }),
];
