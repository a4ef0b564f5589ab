/**
 * Engine settings: what the editor's `shipshape.*` configuration and the CLI's flags boil down to.
 * `normalizeSettings` accepts anything (user JSON, partial objects) and returns a complete, valid
 * object, so a typo in settings.json never breaks linting.
 */
import { SEVERITY_SETTINGS, type SeveritySetting } from './types';

export type ResourcePolicy = 'requests' | 'requests-and-memory-limit' | 'guaranteed';

export interface EngineSettings {
  /** Severity per rule id; missing ids use the rule's default. */
  rules: Record<string, SeveritySetting>;
  kubernetes: {
    /** Kubernetes version for schemas ("1.30"); empty = newest bundled. */
    version: string;
    resources: {
      policy: ResourcePolicy;
      cpuRequest: string;
      memoryRequest: string;
      /** memory limit = memory request x this factor (policy requests-and-memory-limit). */
      memoryLimitFactor: number;
    };
  };
  limits: {
    /** Files larger than this are not checked (one information finding says so). */
    maxFileBytes: number;
  };
  /** Whether the library-backed checks run (the editor turns them off when another extension has them). */
  providers: {
    dockerfileSyntax: boolean;
    kubernetesSchema: boolean;
  };
}

export const DEFAULT_SETTINGS: EngineSettings = {
  rules: {},
  kubernetes: {
    version: '',
    resources: { policy: 'requests-and-memory-limit', cpuRequest: '100m', memoryRequest: '128Mi', memoryLimitFactor: 2 },
  },
  limits: { maxFileBytes: 5 * 1024 * 1024 },
  providers: { dockerfileSyntax: true, kubernetesSchema: true },
};

const POLICIES: readonly ResourcePolicy[] = ['requests', 'requests-and-memory-limit', 'guaranteed'];
const QUANTITY = /^[0-9]+(\.[0-9]+)?([mkMGTPE]|[KMGTPE]i)?$/;

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown, fallback: string, valid?: (s: string) => boolean): string {
  return typeof v === 'string' && (!valid || valid(v)) ? v : fallback;
}

/** Parses a severity setting; accepts the usual synonyms ("information", "warn", "none"). */
export function parseSeverity(v: unknown): SeveritySetting | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  const alias: Record<string, SeveritySetting> = { information: 'info', warn: 'warning', none: 'off', ignore: 'off' };
  const value = alias[s] ?? s;
  return (SEVERITY_SETTINGS as readonly string[]).includes(value) ? (value as SeveritySetting) : undefined;
}

export function normalizeSettings(input: unknown): EngineSettings {
  const raw = obj(input);
  const d = DEFAULT_SETTINGS;
  const rules: Record<string, SeveritySetting> = {};
  for (const [id, sev] of Object.entries(obj(raw.rules))) {
    const parsed = parseSeverity(sev);
    if (parsed) rules[id] = parsed;
  }
  const k8s = obj(raw.kubernetes);
  const res = obj(k8s.resources);
  const factor = typeof res.memoryLimitFactor === 'number' && res.memoryLimitFactor >= 1 && res.memoryLimitFactor <= 100
    ? res.memoryLimitFactor : d.kubernetes.resources.memoryLimitFactor;
  const providers = obj(raw.providers);
  const limits = obj(raw.limits);
  const maxMb = typeof limits.maxFileSizeMB === 'number' && limits.maxFileSizeMB > 0 && limits.maxFileSizeMB <= 1024 ? limits.maxFileSizeMB : undefined;
  return {
    rules,
    kubernetes: {
      version: str(k8s.version, '', (s) => /^\d+\.\d+$/.test(s)),
      resources: {
        policy: str(res.policy, d.kubernetes.resources.policy, (s) => (POLICIES as readonly string[]).includes(s)) as ResourcePolicy,
        cpuRequest: str(res.cpuRequest, d.kubernetes.resources.cpuRequest, (s) => QUANTITY.test(s)),
        memoryRequest: str(res.memoryRequest, d.kubernetes.resources.memoryRequest, (s) => QUANTITY.test(s)),
        memoryLimitFactor: factor,
      },
    },
    limits: { maxFileBytes: maxMb !== undefined ? Math.round(maxMb * 1024 * 1024) : d.limits.maxFileBytes },
    providers: {
      dockerfileSyntax: providers.dockerfileSyntax !== false,
      kubernetesSchema: providers.kubernetesSchema !== false,
    },
  };
}
