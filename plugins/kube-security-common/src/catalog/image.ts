import { ActionItem, RemediationStep } from '../types';
import { check, defineItem } from './define';

// Steps that are plain Kubernetes or vendor-neutral tooling, shared by all providers.

const RESTRICT_REGISTRIES_STEP: RemediationStep = {
  text: "Reject pods whose images come from anywhere but your registry (Kyverno policy shown; Gatekeeper's allowed-repos constraint does the same).",
  manifest: [
    'apiVersion: kyverno.io/v1',
    'kind: ClusterPolicy',
    'metadata:',
    '  name: restrict-image-registries',
    'spec:',
    '  validationFailureAction: Enforce',
    '  background: true',
    '  rules:',
    '    - name: allowed-registries',
    '      match:',
    '        any:',
    '          - resources:',
    '              kinds:',
    '                - Pod',
    '      validate:',
    "        message: Images must come from the organisation's registry.",
    '        pattern:',
    '          spec:',
    '            =(initContainers):',
    '              - image: "<registry-host>/*"',
    '            containers:',
    '              - image: "<registry-host>/*"',
  ].join('\n'),
};

const PIN_DIGEST_STEP: RemediationStep = {
  text: 'Look up the digest of the version you tested and deploy the image by digest instead of a movable tag.',
  command: [
    'docker buildx imagetools inspect <registry>/<repository>:<version>',
    'kubectl set image deployment/<deployment> <container>=<registry>/<repository>@sha256:<digest> -n <namespace>',
  ].join('\n'),
};

const CONFIGMAP_STEP: RemediationStep = {
  text: 'Move environment-specific settings into a ConfigMap per environment, so the same image runs everywhere.',
  command:
    'kubectl create configmap <app>-config -n <namespace> --from-env-file=<app>.env',
};

const ENV_FROM_STEP: RemediationStep = {
  text: 'Reference settings and credentials instead of writing values into the manifest; rotate any credential that was ever stored as a literal, since it has already been exposed.',
  manifest: [
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: <container>',
    '          envFrom:',
    '            - configMapRef:',
    '                name: <app>-config',
    '          env:',
    '            - name: DATABASE_PASSWORD',
    '              valueFrom:',
    '                secretKeyRef:',
    '                  name: <app>-db',
    '                  key: password',
  ].join('\n'),
};

const CI_SCAN_STEP: RemediationStep = {
  text: 'In every pull request, fail the build on fixable critical vulnerabilities in the image and on misconfigurations in Dockerfiles and Kubernetes manifests (Trivy shown; any equivalent scanner works).',
  command: [
    'trivy image --exit-code 1 --severity CRITICAL --ignore-unfixed <image>',
    'trivy config --exit-code 1 <manifests-dir>',
  ].join('\n'),
};

const SECRETS_GOOD_PRACTICES = {
  title: 'Good practices for Kubernetes Secrets',
  url: 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
};

const IMAGES_DOC = {
  title: 'Images',
  url: 'https://kubernetes.io/docs/concepts/containers/images/',
};

/** Items about what goes into container images (plan positions 16-19). */
export const IMAGE_ITEMS: ActionItem[] = [
  defineItem({
    id: 'image-minimal-scanned-base',
    category: 'image',
    order: 16,
    title: 'Standardise on minimal base images and scan them continuously',
    why:
      'Every package in an image is something an attacker can use: shells, package managers and compilers make the next step after a breach easy, and each extra library brings its own vulnerabilities. ' +
      'When every team picks its own base image, nobody can tell which of hundreds of images carry a newly published CVE, or who has to rebuild them. ' +
      'A few maintained minimal bases, registry scanning and automatic rebuilds turn patching into a pipeline run instead of a hunt.',
    whatGoodLooksLike:
      'A platform team maintains a short list of approved minimal base images per language (distroless, Chainguard / Wolfi, Alpine, UBI micro) and their use is enforced; ' +
      'the registry scans images on push and continuously afterwards; a new base-image release triggers rebuilds of the images built on it; critical findings in running images have an owner and a deadline.',
    evidence: ['kubernetes', 'cloud', 'attestation'],
    checks: [
      check(
        'image-minimal-scanned-base',
        'full-os-image',
        'Images are not based on a full OS distribution',
        'medium',
        'kubernetes',
        { standards: ['NSA/CISA: Image scanning'] },
      ),
      check(
        'image-minimal-scanned-base',
        'registry-scanning',
        'The registry scans images for vulnerabilities',
        'medium',
        'cloud',
        {
          standards: [
            'CIS EKS 5.1.1',
            'CIS GKE 5.1.1',
            'CIS AKS 5.1.1',
            'NSA/CISA: Image scanning',
          ],
        },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'Turn on Amazon ECR enhanced scanning (Amazon Inspector) with continuous scanning for all repositories, or at least scan on push, and rebuild images from a small set of approved minimal bases.',
        steps: [
          {
            text: 'Enable enhanced, continuous scanning for every repository in the registry.',
            command:
              'aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules \'[{"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]\'',
          },
          {
            text: 'With basic scanning, turn on scan-on-push per repository instead.',
            command:
              'aws ecr put-image-scanning-configuration --repository-name <repository> --image-scanning-configuration scanOnPush=true',
          },
          {
            text: 'Review the findings of an image.',
            command:
              'aws ecr describe-image-scan-findings --repository-name <repository> --image-id imageTag=<tag>',
          },
        ],
        docs: [
          {
            title: 'Scan images for software vulnerabilities in Amazon ECR',
            url: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html',
          },
          {
            title: 'Scanning Amazon ECR container images with Amazon Inspector',
            url: 'https://docs.aws.amazon.com/inspector/latest/user/scanning-ecr.html',
          },
        ],
      },
      gke: {
        summary:
          'Enable automatic scanning of Artifact Registry with Artifact Analysis and workload vulnerability scanning in GKE security posture, and rebuild images from a small set of approved minimal bases.',
        steps: [
          {
            text: 'Turn on automatic vulnerability scanning of images pushed to Artifact Registry.',
            command: 'gcloud services enable containerscanning.googleapis.com',
          },
          {
            text: 'Scan the images running in the cluster as well.',
            command:
              'gcloud container clusters update <cluster> --location=<location> --workload-vulnerability-scanning=standard',
          },
          {
            text: 'Review vulnerabilities found in a repository.',
            command:
              'gcloud artifacts docker images list <region>-docker.pkg.dev/<project>/<repository> --show-occurrences',
          },
        ],
        docs: [
          {
            title: 'Container scanning overview',
            url: 'https://cloud.google.com/artifact-analysis/docs/container-scanning-overview',
          },
          {
            title: 'Scan workloads for known vulnerabilities',
            url: 'https://cloud.google.com/kubernetes-engine/docs/how-to/security-posture-vulnerability-scanning',
          },
        ],
      },
      aks: {
        summary:
          'Enable Microsoft Defender for Containers, which scans Azure Container Registry images and running containers for vulnerabilities, and use ACR Tasks to rebuild images automatically when their base image changes.',
        steps: [
          {
            text: 'Enable the Defender for Containers plan on the subscription.',
            command: 'az security pricing create -n Containers --tier standard',
          },
          {
            text: 'Build images with an ACR task, which by default rebuilds the image whenever its base image is updated.',
            command:
              'az acr task create --registry <acr> --name <task> --image <repository>:{{.Run.ID}} --context <git-repo-url> --file Dockerfile --git-access-token <token>',
          },
        ],
        docs: [
          {
            title:
              'Vulnerability assessments for Azure with Microsoft Defender Vulnerability Management',
            url: 'https://learn.microsoft.com/en-us/azure/defender-for-cloud/agentless-vulnerability-assessment-azure',
          },
          {
            title: 'About base image updates for ACR Tasks',
            url: 'https://learn.microsoft.com/en-us/azure/container-registry/container-registry-tasks-base-images',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'image-trusted-registries',
    category: 'image',
    order: 17,
    title: 'Pull images only from registries you control',
    why:
      'An image pulled from a public Docker Hub account runs whatever its publisher, or whoever took over their account, pushed last, and a movable tag such as latest can change between two rollouts of the same manifest. ' +
      'Typo-squatted and backdoored public images are a recurring supply-chain attack. ' +
      'Rebuilding or mirroring third-party images into your own registry and deploying them by digest means you know exactly what runs, and can scan it before it does.',
    whatGoodLooksLike:
      "Clusters only pull from the organisation's registries (ECR, Artifact Registry, ACR) or an explicit allow-list of vendor registries, enforced at admission; " +
      'third-party images are rebuilt from source or mirrored through a pull-through cache and scanned; deployments reference images by digest, or at least by an exact version, never by latest. ' +
      'Until you list your registries, the scan fails Docker Hub (also when no registry is named) and the shared public hosts (ghcr.io, quay.io, public.ecr.aws, registry.gitlab.com, lscr.io, docker.pkg.github.com, codeberg.org) outside the namespaces of known vendors, accepts the provider registries (ECR, Artifact Registry, gcr.io, ACR) and well-known vendor registries, and does not judge images from other private hosts; ' +
      'set `kubeSecurity.trustedRegistries` in app-config (or pass `--trusted-registry` to the CLI) to name yours, and from then on every image outside that list and the built-in ones fails.',
    evidence: ['kubernetes'],
    checks: [
      check(
        'image-trusted-registries',
        'untrusted-registry',
        'Images come from trusted registries',
        'high',
        'kubernetes',
        { standards: ['CIS EKS 5.1.4', 'CIS GKE 5.1.4', 'CIS AKS 5.1.4'] },
      ),
      check(
        'image-trusted-registries',
        'unpinned-digest',
        'Images are pinned by digest',
        'low',
        'kubernetes',
        { standards: ['NSA/CISA: Image scanning'] },
      ),
      check(
        'image-trusted-registries',
        'mutable-tag',
        'Images do not use latest or omit the tag',
        'medium',
        'kubernetes',
        { standards: ['NSA/CISA: Image scanning'] },
      ),
    ],
    remediation: {
      eks: {
        summary:
          'Mirror public images into Amazon ECR with pull-through cache rules (or rebuild them), point deployments at the ECR copies by digest, and reject other registries at admission.',
        steps: [
          {
            text: 'Create a pull-through cache rule for Docker Hub (credentials are stored in a Secrets Manager secret whose name starts with ecr-pullthroughcache/); images then live under <account>.dkr.ecr.<region>.amazonaws.com/docker-hub/.',
            command:
              'aws ecr create-pull-through-cache-rule --ecr-repository-prefix docker-hub --upstream-registry-url registry-1.docker.io --credential-arn <secret-arn>',
          },
          PIN_DIGEST_STEP,
          RESTRICT_REGISTRIES_STEP,
        ],
        docs: [
          {
            title:
              'Sync an upstream registry with an Amazon ECR private registry',
            url: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html',
          },
          IMAGES_DOC,
        ],
      },
      gke: {
        summary:
          'Proxy public images through an Artifact Registry remote repository (or rebuild them), point deployments at it by digest, and enforce the allowed sources with Binary Authorization or an admission policy.',
        steps: [
          {
            text: 'Create a remote repository that caches Docker Hub images inside your project.',
            command:
              'gcloud artifacts repositories create <repository> --repository-format=docker --location=<region> --mode=remote-repository --remote-docker-repo=DOCKER-HUB',
          },
          PIN_DIGEST_STEP,
          {
            text: "Enforce the project's Binary Authorization policy on the cluster (allow-list your registry paths in the policy).",
            command:
              'gcloud container clusters update <cluster> --location=<location> --binauthz-evaluation-mode=PROJECT_SINGLETON_POLICY_ENFORCE',
          },
          RESTRICT_REGISTRIES_STEP,
        ],
        docs: [
          {
            title: 'Remote repositories overview',
            url: 'https://cloud.google.com/artifact-registry/docs/repositories/remote-repo',
          },
          {
            title: 'Binary Authorization overview',
            url: 'https://cloud.google.com/binary-authorization/docs/overview',
          },
        ],
      },
      aks: {
        summary:
          'Import or cache public images in Azure Container Registry, let the cluster pull from it, deploy by digest, and allow only your registry with Azure Policy or an admission policy.',
        steps: [
          {
            text: 'Import a public image into your registry (or configure ACR artifact cache for continuous mirroring).',
            command:
              'az acr import --name <acr> --source docker.io/library/<image>:<tag> --image <image>:<tag>',
          },
          {
            text: 'Let the cluster pull from the registry with its kubelet identity.',
            command: 'az aks update -g <rg> -n <cluster> --attach-acr <acr>',
          },
          PIN_DIGEST_STEP,
          RESTRICT_REGISTRIES_STEP,
        ],
        docs: [
          {
            title: 'Import container images to a container registry',
            url: 'https://learn.microsoft.com/en-us/azure/container-registry/container-registry-import-images',
          },
          {
            title: 'Artifact cache in Azure Container Registry',
            url: 'https://learn.microsoft.com/en-us/azure/container-registry/artifact-cache-overview',
          },
        ],
      },
    },
  }),

  defineItem({
    id: 'image-externalized-config',
    category: 'image',
    order: 18,
    title: 'Keep configuration and credentials out of images and manifests',
    why:
      'Credentials baked into an image or typed as literal environment values in a manifest end up in registries, Git history, CI logs and `kubectl describe` output, readable by anyone with access to any of them, and rotating them takes a rebuild. ' +
      'Images named or tagged per environment (dev, staging, prod) usually mean settings were compiled in, so the artefact you tested is not the one you ship. ' +
      'One image promoted through every environment, with settings from ConfigMaps and secrets from a secret store, keeps credentials rotatable and out of build artefacts.',
    whatGoodLooksLike:
      'The same image digest is promoted from test to production; environment-specific settings come from ConfigMaps via envFrom or mounted files; credentials come from Kubernetes Secrets synced from a cloud secret manager, or are mounted through the Secrets Store CSI driver, ' +
      'never from literal env values or files inside the image; image names and tags carry versions, not environment names.',
    evidence: ['kubernetes'],
    checks: [
      check(
        'image-externalized-config',
        'literal-secret-env',
        'Credentials are not written as literal values in env or command lines',
        'high',
        'kubernetes',
        { standards: ['NSA/CISA: Secrets'] },
      ),
      check(
        'image-externalized-config',
        'configmap-secret',
        'ConfigMaps hold no private keys, tokens or passwords',
        'high',
        'kubernetes',
        { standards: ['NSA/CISA: Secrets'] },
      ),
      check(
        'image-externalized-config',
        'secret-env-reference',
        'Secrets reach containers as mounted files, not environment variables',
        'low',
        'kubernetes',
        { standards: ['CIS 5.4.1'] },
      ),
      check(
        'image-externalized-config',
        'environment-tag',
        'Image names and tags do not name an environment',
        'low',
        'kubernetes',
      ),
      check(
        'image-externalized-config',
        'inline-config',
        'Configuration comes from ConfigMaps rather than many inline values',
        'low',
        'kubernetes',
      ),
    ],
    remediation: {
      eks: {
        summary:
          'Keep credentials in AWS Secrets Manager or Parameter Store and mount them with the Secrets Store CSI driver and the AWS provider; keep settings in ConfigMaps and promote one image across environments.',
        steps: [
          CONFIGMAP_STEP,
          ENV_FROM_STEP,
          {
            text: 'Install the Secrets Store CSI driver and the AWS provider, then mount secrets through a SecretProviderClass (the pod needs an IRSA or Pod Identity role allowed to read them).',
            command: [
              'helm repo add secrets-store-csi-driver https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts',
              'helm install csi-secrets-store secrets-store-csi-driver/secrets-store-csi-driver --namespace kube-system',
              'helm repo add aws-secrets-manager https://aws.github.io/secrets-store-csi-driver-provider-aws',
              'helm install secrets-provider-aws aws-secrets-manager/secrets-store-csi-driver-provider-aws --namespace kube-system',
            ].join('\n'),
          },
        ],
        docs: [
          {
            title: 'Use AWS Secrets Manager secrets in Amazon EKS',
            url: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/integrating_csi_driver.html',
          },
          SECRETS_GOOD_PRACTICES,
        ],
      },
      gke: {
        summary:
          'Keep credentials in Secret Manager and mount them with the GKE Secret Manager add-on; keep settings in ConfigMaps and promote one image across environments.',
        steps: [
          CONFIGMAP_STEP,
          ENV_FROM_STEP,
          {
            text: 'Enable the Secret Manager add-on, then mount secrets through a SecretProviderClass (the pod authenticates with Workload Identity Federation).',
            command:
              'gcloud container clusters update <cluster> --location=<location> --enable-secret-manager',
          },
        ],
        docs: [
          {
            title: 'Use the Secret Manager add-on with GKE',
            url: 'https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component',
          },
          SECRETS_GOOD_PRACTICES,
        ],
      },
      aks: {
        summary:
          'Keep credentials in Azure Key Vault and mount them with the Key Vault provider for the Secrets Store CSI driver; keep settings in ConfigMaps and promote one image across environments.',
        steps: [
          CONFIGMAP_STEP,
          ENV_FROM_STEP,
          {
            text: 'Enable the Key Vault secrets provider add-on, then mount secrets through a SecretProviderClass (authenticate with Workload ID).',
            command:
              'az aks enable-addons -g <rg> -n <cluster> --addons azure-keyvault-secrets-provider',
          },
        ],
        docs: [
          {
            title:
              'Use the Azure Key Vault provider for Secrets Store CSI Driver in AKS',
            url: 'https://learn.microsoft.com/en-us/azure/aks/csi-secrets-store-driver',
          },
          SECRETS_GOOD_PRACTICES,
        ],
      },
    },
  }),

  defineItem({
    id: 'image-pipeline-checks',
    category: 'image',
    order: 19,
    title: 'Build automated security checks into code and image pipelines',
    why:
      'Most issues in this plan, such as root containers, leaked credentials, vulnerable packages and unpinned images, are cheapest to fix in the pull request that introduces them. ' +
      'Automated checks in CI tell developers within minutes, while the change is still fresh in their minds, instead of in a ticket weeks after deployment. ' +
      'Signing images in the pipeline and verifying the signature at admission also ensures that only artefacts your own pipeline produced can run.',
    whatGoodLooksLike:
      'Every application repository runs, on each pull request, secret scanning, dependency scanning, checks of Dockerfiles and Kubernetes manifests (for example `kube-security scan`, Kyverno CLI or conftest), and an image vulnerability scan that fails on fixable critical issues; ' +
      'images are signed and come with an SBOM; the team attests this with a link to its pipeline definition.',
    evidence: ['attestation'],
    checks: [],
    remediation: {
      eks: {
        summary:
          'Scan images in the pipeline with Amazon Inspector (SBOM generator plus the Inspector Scan API), fail builds on critical findings, and sign images with AWS Signer and Notation.',
        steps: [
          CI_SCAN_STEP,
          {
            text: 'Or generate an SBOM and have Amazon Inspector scan it from the pipeline.',
            command: [
              'inspector-sbomgen container --image <image> -o sbom.json',
              'aws inspector-scan scan-sbom --sbom file://sbom.json',
            ].join('\n'),
          },
          {
            text: 'Sign the pushed image with AWS Signer so that admission can verify where it came from.',
            command:
              'notation sign <account>.dkr.ecr.<region>.amazonaws.com/<repository>@<digest> --plugin com.amazonaws.signer.notation.plugin --id <signing-profile-arn>',
          },
        ],
        docs: [
          {
            title:
              'Integrating Amazon Inspector scans into your CI/CD pipeline',
            url: 'https://docs.aws.amazon.com/inspector/latest/user/scanning-cicd.html',
          },
          {
            title:
              'Signing an image stored in an Amazon ECR private repository',
            url: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-signing.html',
          },
        ],
      },
      gke: {
        summary:
          'Scan images in Cloud Build (or any CI) with On-Demand Scanning and fail on critical findings, and create Binary Authorization attestations for images that passed.',
        steps: [
          CI_SCAN_STEP,
          {
            text: 'Or scan the built image with On-Demand Scanning and list its vulnerabilities, failing the build above your threshold.',
            command: [
              "gcloud artifacts docker images scan <image> --remote --format='value(response.scan)' > scan_id.txt",
              "gcloud artifacts docker images list-vulnerabilities $(cat scan_id.txt) --format='value(vulnerability.effectiveSeverity)'",
            ].join('\n'),
          },
        ],
        docs: [
          {
            title: 'Use On-Demand Scanning in your Cloud Build pipeline',
            url: 'https://cloud.google.com/artifact-analysis/docs/ods-cloudbuild',
          },
          {
            title: 'Binary Authorization overview',
            url: 'https://cloud.google.com/binary-authorization/docs/overview',
          },
        ],
      },
      aks: {
        summary:
          'Connect your repositories to Defender for Cloud DevOps security, scan images in the pipeline and fail on critical findings, and sign images with Notation and Azure Key Vault.',
        steps: [
          CI_SCAN_STEP,
          {
            text: 'Connect GitHub or Azure DevOps to Defender for Cloud so code, secret and infrastructure-as-code findings appear in one place.',
            consolePath:
              'Microsoft Defender for Cloud > Environment settings > Add environment > GitHub / Azure DevOps',
          },
          {
            text: 'Sign the pushed image with a key held in Azure Key Vault.',
            command:
              'notation sign --signature-format cose --id <key-id> --plugin azure-kv <acr>.azurecr.io/<repository>@<digest>',
          },
        ],
        docs: [
          {
            title: 'Overview of Microsoft Defender for Cloud DevOps security',
            url: 'https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-devops-introduction',
          },
          {
            title: 'Sign container images with Notation and Azure Key Vault',
            url: 'https://learn.microsoft.com/en-us/azure/container-registry/container-registry-tutorial-sign-build-push',
          },
        ],
      },
    },
  }),
];
