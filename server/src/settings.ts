/**
 * Editor settings (`shipshape.*` in VS Code) -> engine settings, plus the coexistence decision:
 * features another installed extension already provides are switched off in `auto` mode.
 */
import { normalizeSettings, type EngineSettings } from './engine/settings';

export type FeatureToggle = 'auto' | 'on' | 'off';

/** What the client found installed (sent at start and whenever extensions change). */
export interface OtherProviders {
  /** Docker / Container Tools / Docker DX: Dockerfile diagnostics, hover, completion. */
  dockerfileLanguage: boolean;
  /** Red Hat YAML with a Kubernetes schema association. */
  kubernetesSchema: boolean;
}

export interface ServerSettings {
  engine: EngineSettings;
  dockerfileLanguageFeatures: boolean;
  kubernetesSchemaFeatures: boolean;
}

function toggle(v: unknown): FeatureToggle {
  return v === 'on' || v === 'off' ? v : 'auto';
}

function resolve(t: FeatureToggle, providedElsewhere: boolean): boolean {
  return t === 'on' || (t === 'auto' && !providedElsewhere);
}

/** `raw` is the `shipshape` configuration section as the client returns it (may be null). */
export function toServerSettings(raw: unknown, others: OtherProviders): ServerSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, any>;
  const dockerfileLanguageFeatures = resolve(toggle(r.dockerfile?.languageFeatures), others.dockerfileLanguage);
  const kubernetesSchemaFeatures = resolve(toggle(r.kubernetes?.schemaFeatures), others.kubernetesSchema);
  const engine = normalizeSettings({
    rules: r.rules,
    kubernetes: r.kubernetes,
    limits: r.limits,
    providers: { dockerfileSyntax: dockerfileLanguageFeatures, kubernetesSchema: kubernetesSchemaFeatures },
  });
  return { engine, dockerfileLanguageFeatures, kubernetesSchemaFeatures };
}
