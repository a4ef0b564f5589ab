/**
 * Deprecated and removed Kubernetes API versions, from the upstream deprecation guide
 * (kubernetes.io/docs/reference/using-api/deprecation-guide) and release notes: for each old
 * apiVersion and kind, when it was deprecated, when the API server stopped serving it, and what to
 * use instead at a given Kubernetes version. `kubernetes/no-deprecated-api-version` reads it.
 */
import type { Migration } from '../../../languages/kubernetes/migrate';

/** The newest Kubernetes version Shipshape bundles schemas for: the default when none is set. */
export const NEWEST_KUBERNETES = '1.34';

export interface Replacement {
  apiVersion: string;
  /** First Kubernetes version that serves it. */
  since: string;
  /** First version that no longer serves it (a replacement that was itself replaced). */
  until?: string;
  /** How the fix reshapes the object; absent: the change needs a person (no fix). */
  migration?: Migration;
}

export interface ApiVersionEntry {
  apiVersion: string;
  /** Kinds this entry covers; `*` for every kind of the apiVersion. */
  kinds: readonly string[] | '*';
  /** Version from which we report it: deprecated upstream and a replacement is served. */
  deprecatedIn: string;
  /** First version whose API server no longer serves it. */
  removedIn?: string;
  /** Oldest first; the newest one served at the selected version is suggested. */
  replacements: readonly Replacement[];
  /** Advice when no replacement is served. */
  otherwise?: string;
}

const APPS_V1: Replacement[] = [{ apiVersion: 'apps/v1', since: '1.9', migration: 'workload' }];
const same = (apiVersion: string, since: string): Replacement[] => [{ apiVersion, since, migration: 'apiVersion' }];

export const API_VERSIONS: readonly ApiVersionEntry[] = [
  // Removed in 1.16.
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], deprecatedIn: '1.9', removedIn: '1.16', replacements: APPS_V1 },
  { apiVersion: 'apps/v1beta1', kinds: ['Deployment', 'StatefulSet'], deprecatedIn: '1.9', removedIn: '1.16', replacements: APPS_V1 },
  { apiVersion: 'apps/v1beta2', kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], deprecatedIn: '1.9', removedIn: '1.16', replacements: APPS_V1 },
  { apiVersion: 'apps/v1beta1', kinds: '*', deprecatedIn: '1.9', removedIn: '1.16', replacements: same('apps/v1', '1.9') },
  { apiVersion: 'apps/v1beta2', kinds: '*', deprecatedIn: '1.9', removedIn: '1.16', replacements: same('apps/v1', '1.9') },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], deprecatedIn: '1.8', removedIn: '1.16', replacements: same('networking.k8s.io/v1', '1.8') },
  {
    apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.10', removedIn: '1.16',
    replacements: [{ apiVersion: 'policy/v1beta1', since: '1.10', until: '1.25', migration: 'apiVersion' }],
    otherwise: 'PodSecurityPolicy is gone; enforce Pod Security Standards with Pod Security Admission (namespace labels).',
  },
  // Removed in 1.22.
  {
    apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], deprecatedIn: '1.14', removedIn: '1.22',
    replacements: [
      { apiVersion: 'networking.k8s.io/v1beta1', since: '1.14', until: '1.22', migration: 'apiVersion' },
      { apiVersion: 'networking.k8s.io/v1', since: '1.19', migration: 'ingress' },
    ],
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress'], deprecatedIn: '1.19', removedIn: '1.22',
    replacements: [{ apiVersion: 'networking.k8s.io/v1', since: '1.19', migration: 'ingress' }],
  },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['IngressClass'], deprecatedIn: '1.19', removedIn: '1.22', replacements: same('networking.k8s.io/v1', '1.19') },
  // Whatever else extensions/v1beta1 served went with it.
  { apiVersion: 'extensions/v1beta1', kinds: '*', deprecatedIn: '1.16', removedIn: '1.22', replacements: [] },
  ...['v1alpha1', 'v1beta1'].map((v): ApiVersionEntry => ({
    apiVersion: `rbac.authorization.k8s.io/${v}`, kinds: '*', deprecatedIn: '1.17', removedIn: '1.22', replacements: same('rbac.authorization.k8s.io/v1', '1.8'),
  })),
  ...['v1alpha1', 'v1beta1'].map((v): ApiVersionEntry => ({
    apiVersion: `scheduling.k8s.io/${v}`, kinds: ['PriorityClass'], deprecatedIn: '1.14', removedIn: '1.22', replacements: same('scheduling.k8s.io/v1', '1.14'),
  })),
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver'], deprecatedIn: '1.19', removedIn: '1.22', replacements: same('storage.k8s.io/v1', '1.19') },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSINode'], deprecatedIn: '1.17', removedIn: '1.22', replacements: same('storage.k8s.io/v1', '1.17') },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['StorageClass'], deprecatedIn: '1.19', removedIn: '1.22', replacements: same('storage.k8s.io/v1', '1.6') },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['VolumeAttachment'], deprecatedIn: '1.19', removedIn: '1.22', replacements: same('storage.k8s.io/v1', '1.13') },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], deprecatedIn: '1.16', removedIn: '1.22',
    // v1 requires sideEffects and admissionReviewVersions, and changes defaults: a person decides.
    replacements: [{ apiVersion: 'admissionregistration.k8s.io/v1', since: '1.16' }],
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], deprecatedIn: '1.16', removedIn: '1.22',
    // v1 requires a structural schema per version.
    replacements: [{ apiVersion: 'apiextensions.k8s.io/v1', since: '1.16' }],
  },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], deprecatedIn: '1.19', removedIn: '1.22', replacements: same('apiregistration.k8s.io/v1', '1.10') },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], deprecatedIn: '1.19', removedIn: '1.22', replacements: same('authentication.k8s.io/v1', '1.6') },
  {
    apiVersion: 'authorization.k8s.io/v1beta1', kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'],
    deprecatedIn: '1.19', removedIn: '1.22', replacements: same('authorization.k8s.io/v1', '1.6'),
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], deprecatedIn: '1.19', removedIn: '1.22',
    // v1 requires signerName.
    replacements: [{ apiVersion: 'certificates.k8s.io/v1', since: '1.19' }],
  },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], deprecatedIn: '1.19', removedIn: '1.22', replacements: same('coordination.k8s.io/v1', '1.14') },
  // Removed in 1.25.
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], deprecatedIn: '1.21', removedIn: '1.25', replacements: same('batch/v1', '1.21') },
  { apiVersion: 'batch/v2alpha1', kinds: ['CronJob'], deprecatedIn: '1.21', removedIn: '1.21', replacements: same('batch/v1', '1.21') },
  {
    apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], deprecatedIn: '1.21', removedIn: '1.25',
    // v1 renames endpoints[].topology.
    replacements: [{ apiVersion: 'discovery.k8s.io/v1', since: '1.21' }],
  },
  {
    apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], deprecatedIn: '1.19', removedIn: '1.25',
    replacements: [{ apiVersion: 'events.k8s.io/v1', since: '1.19' }],
  },
  {
    apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: '1.22', removedIn: '1.25',
    replacements: [
      { apiVersion: 'autoscaling/v2beta2', since: '1.12', until: '1.26', migration: undefined },
      { apiVersion: 'autoscaling/v2', since: '1.23', migration: 'hpa-v2beta1' },
    ],
  },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], deprecatedIn: '1.21', removedIn: '1.25', replacements: same('policy/v1', '1.21') },
  {
    apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.21', removedIn: '1.25', replacements: [],
    otherwise: 'PodSecurityPolicy is gone; enforce Pod Security Standards with Pod Security Admission (namespace labels).',
  },
  ...['v1alpha1', 'v1beta1'].map((v): ApiVersionEntry => ({
    apiVersion: `node.k8s.io/${v}`, kinds: ['RuntimeClass'], deprecatedIn: v === 'v1alpha1' ? '1.20' : '1.22', removedIn: '1.25',
    replacements: v === 'v1beta1' ? same('node.k8s.io/v1', '1.20') : [{ apiVersion: 'node.k8s.io/v1', since: '1.20' }],
  })),
  // Removed in 1.26, 1.27, 1.29, 1.32.
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: '1.23', removedIn: '1.26', replacements: same('autoscaling/v2', '1.23') },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.23', removedIn: '1.26',
    // Later versions rename assuredConcurrencyShares: a person decides.
    replacements: [
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', since: '1.23', until: '1.29' },
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', since: '1.26', until: '1.32' },
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', since: '1.29' },
    ],
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.26', removedIn: '1.29',
    replacements: [
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', since: '1.26', until: '1.32' },
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', since: '1.29' },
    ],
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.29', removedIn: '1.32',
    replacements: same('flowcontrol.apiserver.k8s.io/v1', '1.29'),
  },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], deprecatedIn: '1.24', removedIn: '1.27', replacements: same('storage.k8s.io/v1', '1.24') },
];

/** Compares "1.30"-style versions numerically. */
export function compareVersions(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

/** The entry for an object, most specific first (a kind-specific entry wins over `*`). */
export function lookupApiVersion(apiVersion: string, kind: string): ApiVersionEntry | undefined {
  return API_VERSIONS.find((e) => e.apiVersion === apiVersion && e.kinds !== '*' && e.kinds.includes(kind))
    ?? API_VERSIONS.find((e) => e.apiVersion === apiVersion && e.kinds === '*');
}

/** The newest replacement served at `version`, if any. */
export function replacementAt(entry: ApiVersionEntry, version: string): Replacement | undefined {
  const served = entry.replacements.filter((r) => compareVersions(version, r.since) >= 0 && (!r.until || compareVersions(version, r.until) < 0));
  return served[served.length - 1];
}
