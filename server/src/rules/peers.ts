/**
 * The peer tools' check catalogues (ids only: facts), so the docs can say, for every hadolint,
 * BuildKit, Polaris, kube-linter, kube-score and Trivy check, which Shipshape rule covers it or why
 * none does. The ids were read from the peers' published rule lists and test suites; a conformance
 * test compares them with the corpora when those are present.
 */
import type { PeerTool } from '../engine/types';

export const PEER_CATALOG: Record<PeerTool, readonly string[]> = {
  hadolint: [
    'DL1001', 'DL3000', 'DL3001', 'DL3002', 'DL3003', 'DL3004', 'DL3006', 'DL3007', 'DL3008', 'DL3009',
    'DL3010', 'DL3011', 'DL3012', 'DL3013', 'DL3014', 'DL3015', 'DL3016', 'DL3018', 'DL3019', 'DL3020',
    'DL3021', 'DL3022', 'DL3023', 'DL3024', 'DL3025', 'DL3026', 'DL3027', 'DL3028', 'DL3029', 'DL3030',
    'DL3032', 'DL3033', 'DL3034', 'DL3035', 'DL3036', 'DL3037', 'DL3038', 'DL3040', 'DL3041', 'DL3042',
    'DL3043', 'DL3044', 'DL3045', 'DL3046', 'DL3047', 'DL3048', 'DL3049', 'DL3050', 'DL3051', 'DL3052',
    'DL3053', 'DL3054', 'DL3055', 'DL3056', 'DL3057', 'DL3058', 'DL3059', 'DL3060', 'DL3061', 'DL3062',
    'DL3063', 'DL3064', 'DL3065', 'DL3066', 'DL3067', 'DL4000', 'DL4001', 'DL4003', 'DL4004', 'DL4005',
    'DL4006',
  ],
  buildkit: [
    'StageNameCasing', 'FromAsCasing', 'NoEmptyContinuation', 'ConsistentInstructionCasing',
    'DuplicateStageName', 'ReservedStageName', 'JSONArgsRecommended', 'MaintainerDeprecated',
    'UndefinedArgInFrom', 'WorkdirRelativePath', 'UndefinedVar', 'MultipleInstructionsDisallowed',
    'LegacyKeyValueFormat', 'InvalidBaseImagePlatform', 'RedundantTargetPlatform', 'SecretsUsedInArgOrEnv',
    'InvalidDefaultArgInFrom', 'FromPlatformFlagConstDisallowed', 'CopyIgnoredFile',
    'InvalidDefinitionDescription', 'ExposeProtoCasing', 'ExposeInvalidFormat',
  ],
  polaris: [
    'automountServiceAccountToken', 'clusterrolePodExecAttach', 'clusterrolebindingClusterAdmin',
    'clusterrolebindingPodExecAttach', 'cpuLimitsMissing', 'cpuRequestsMissing', 'dangerousCapabilities',
    'deploymentMissingReplicas', 'hostIPCSet', 'hostNetworkSet', 'hostPIDSet', 'hostPathSet', 'hostPortSet',
    'hostProcess', 'hpaMaxAvailability', 'hpaMinAvailability', 'insecureCapabilities', 'linuxHardening',
    'livenessProbeMissing', 'memoryLimitsMissing', 'memoryRequestsMissing', 'metadataAndInstanceMismatched',
    'missingNetworkPolicy', 'missingPodDisruptionBudget', 'nakedPod', 'notReadOnlyRootFilesystem',
    'oneController', 'pdbDisruptionsIsZero', 'pdbMinAvailableGreaterThanHPAMinReplicas',
    'priorityClassNotSet', 'privilegeEscalationAllowed', 'procMount', 'pullPolicyNotAlways',
    'readinessProbeMissing', 'resourceRange', 'rolePodExecAttach', 'rolebindingClusterAdminClusterRole',
    'rolebindingClusterAdminRole', 'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach',
    'runAsPrivileged', 'runAsRootAllowed', 'sensitiveConfigmapContent', 'sensitiveContainerEnvVar',
    'tagNotSpecified', 'tlsSettingsMissing', 'topologySpreadConstraint',
  ],
  'kube-linter': [
    'access-to-create-pods', 'access-to-secrets', 'cel-dangling-servicemonitor', 'cel-forbidden-annotation',
    'cluster-admin-role-binding', 'dangling-horizontalpodautoscaler', 'dangling-ingress',
    'dangling-networkpolicy', 'dangling-networkpolicypeer-podselector', 'dangling-service',
    'dangling-servicemonitor', 'default-service-account', 'deprecated-service-account-field',
    'dnsconfig-options', 'docker-sock', 'drop-net-raw-capability', 'duplicate-env-var', 'env-value-from',
    'env-var-secret', 'exposed-services', 'forbid-annotation-reloader-stakater-auto', 'host-ipc',
    'host-network', 'host-pid', 'hpa-minimum-three-replicas', 'invalid-irsa-role', 'invalid-target-ports',
    'job-ttl-seconds-after-finished', 'kubeconform-validation', 'latest-tag', 'liveness-port',
    'minimum-three-replicas', 'mismatching-selector', 'no-anti-affinity', 'no-extensions-v1beta',
    'no-liveness-probe', 'no-node-affinity', 'no-read-only-root-fs', 'no-readiness-probe',
    'no-rolling-update-strategy', 'non-existent-service-account', 'non-isolated-pod', 'pdb-max-unavailable',
    'pdb-min-available', 'pdb-unhealthy-pod-eviction-policy', 'priority-class-name',
    'privilege-escalation-container', 'privileged-container', 'privileged-ports', 'read-secret-from-env-var',
    'readiness-port', 'required-annotation-email', 'required-label-owner', 'restart-policy',
    'run-as-non-root', 'scc-deny-privileged-container', 'schema-validation', 'sensitive-host-mounts',
    'sorted-keys', 'ssh-port', 'startup-port', 'statefulset-volumeclaimtemplate-annotation',
    'unsafe-proc-mount', 'unsafe-sysctls', 'unset-cpu-requirements', 'unset-memory-requirements',
    'use-namespace', 'wildcard-in-rules', 'writable-host-mount',
  ],
  'kube-score': [
    'container-cpu-requests-equal-limits', 'container-ephemeral-storage-request-and-limit',
    'container-ephemeral-storage-request-equals-limit', 'container-image-pull-policy', 'container-image-tag',
    'container-memory-requests-equal-limits', 'container-ports-check',
    'container-resource-requests-equal-limits', 'container-resources', 'container-seccomp-profile',
    'container-security-context-privileged', 'container-security-context-readonlyrootfilesystem',
    'container-security-context-user-group-id', 'cronjob-has-deadline', 'cronjob-restartpolicy',
    'deployment-has-host-podantiaffinity', 'deployment-has-poddisruptionbudget', 'deployment-replicas',
    'deployment-strategy', 'deployment-targeted-by-hpa-does-not-have-replicas-configured',
    'environment-variable-key-duplication', 'horizontalpodautoscaler-has-target',
    'horizontalpodautoscaler-replicas', 'ingress-targets-service', 'networkpolicy-targets-pod',
    'pod-networkpolicy', 'pod-probes', 'pod-probes-identical', 'pod-topology-spread-constraints',
    'poddisruptionbudget-has-policy', 'service-targets-pod', 'service-type', 'stable-version',
    'statefulset-has-host-podantiaffinity', 'statefulset-has-poddisruptionbudget',
    'statefulset-has-servicename', 'statefulset-pod-selector-labels-match-template-metadata-labels',
  ],
  trivy: [
    'DS-0001', 'DS-0002', 'DS-0004', 'DS-0005', 'DS-0006', 'DS-0007', 'DS-0008', 'DS-0009', 'DS-0010',
    'DS-0011', 'DS-0012', 'DS-0013', 'DS-0014', 'DS-0015', 'DS-0016', 'DS-0017', 'DS-0019', 'DS-0020',
    'DS-0021', 'DS-0022', 'DS-0023', 'DS-0024', 'DS-0025', 'DS-0026', 'DS-0027', 'DS-0029', 'DS-0030',
    'DS-0031', 'KCV-0001', 'KCV-0002', 'KCV-0003', 'KCV-0004', 'KCV-0005', 'KCV-0006', 'KCV-0007',
    'KCV-0008', 'KCV-0009', 'KCV-0010', 'KCV-0011', 'KCV-0012', 'KCV-0013', 'KCV-0014', 'KCV-0015',
    'KCV-0016', 'KCV-0017', 'KCV-0018', 'KCV-0019', 'KCV-0020', 'KCV-0021', 'KCV-0022', 'KCV-0024',
    'KCV-0025', 'KCV-0026', 'KCV-0027', 'KCV-0028', 'KCV-0029', 'KCV-0030', 'KCV-0033', 'KCV-0034',
    'KCV-0035', 'KCV-0036', 'KCV-0037', 'KCV-0038', 'KCV-0039', 'KCV-0040', 'KCV-0041', 'KCV-0042',
    'KCV-0043', 'KCV-0044', 'KCV-0045', 'KCV-0046', 'KCV-0047', 'KCV-0048', 'KCV-0049', 'KCV-0050',
    'KCV-0051', 'KCV-0052', 'KCV-0053', 'KCV-0054', 'KCV-0055', 'KCV-0056', 'KCV-0057', 'KCV-0058',
    'KCV-0059', 'KCV-0060', 'KCV-0061', 'KCV-0062', 'KCV-0063', 'KCV-0064', 'KCV-0065', 'KCV-0066',
    'KCV-0067', 'KCV-0068', 'KCV-0069', 'KCV-0070', 'KCV-0071', 'KCV-0072', 'KCV-0073', 'KCV-0074',
    'KCV-0075', 'KCV-0076', 'KCV-0077', 'KCV-0078', 'KCV-0079', 'KCV-0080', 'KCV-0081', 'KCV-0082',
    'KCV-0083', 'KCV-0084', 'KCV-0085', 'KCV-0086', 'KCV-0087', 'KCV-0088', 'KCV-0089', 'KCV-0090',
    'KCV-0091', 'KCV-0092', 'KCV-0093', 'KSV-0001', 'KSV-0002', 'KSV-0003', 'KSV-0004', 'KSV-0005',
    'KSV-0006', 'KSV-0007', 'KSV-0008', 'KSV-0009', 'KSV-0010', 'KSV-0011', 'KSV-0012', 'KSV-0013',
    'KSV-0014', 'KSV-0015', 'KSV-0016', 'KSV-0017', 'KSV-0018', 'KSV-0020', 'KSV-0021', 'KSV-0022',
    'KSV-0023', 'KSV-0024', 'KSV-0025', 'KSV-0026', 'KSV-0027', 'KSV-0028', 'KSV-0030', 'KSV-0032',
    'KSV-0033', 'KSV-0034', 'KSV-0035', 'KSV-0036', 'KSV-0037', 'KSV-0038', 'KSV-0039', 'KSV-0040',
    'KSV-0041', 'KSV-0042', 'KSV-0043', 'KSV-0044', 'KSV-0045', 'KSV-0046', 'KSV-0047', 'KSV-0048',
    'KSV-0049', 'KSV-0050', 'KSV-0051', 'KSV-0052', 'KSV-0053', 'KSV-0054', 'KSV-0055', 'KSV-0056',
    'KSV-01010', 'KSV-01011', 'KSV-0102', 'KSV-0103', 'KSV-0104', 'KSV-0105', 'KSV-0106', 'KSV-0107',
    'KSV-0108', 'KSV-0109', 'KSV-0110', 'KSV-0111', 'KSV-0112', 'KSV-0113', 'KSV-0114', 'KSV-0115',
    'KSV-0116', 'KSV-0117', 'KSV-0118', 'KSV-0119', 'KSV-0120', 'KSV-0121', 'KSV-0122', 'KSV-0123',
    'KSV-0124', 'KSV-0125',
  ],
};

/** Normalizes a peer id for comparison: case, and Trivy's two spellings (`KSV013`, `KSV-0013`). */
export function peerKey(tool: PeerTool, id: string): string {
  if (tool === 'trivy') {
    const m = /^([A-Za-z]+)-?0*(\d+)$/.exec(id);
    if (m) return `${tool}:${m[1].toUpperCase()}${m[2]}`;
  }
  return `${tool}:${id.toLowerCase()}`;
}
