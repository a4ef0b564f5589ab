/**
 * JSON schemas for custom resources, built offline from the CustomResourceDefinition manifests of
 * the workspace (and Helm charts' crds/ folders): one schema per group/version/kind, with
 * apiVersion, kind and metadata handled like the built-in kinds, served to yaml-language-server at
 * the CRD-store URL it asks for a kind it does not know. Kinds without a CRD get `{}` (permissive).
 */
import type { WorkspaceObject } from '../../engine/rule';

/** A JSON schema as plain data (draft-07, the default yaml-language-server validates with). */
export type JsonSchema = Record<string, unknown>;

/** The schema of one version of one custom resource kind. */
export interface CustomResourceSchema {
  group: string;
  version: string;
  kind: string;
  /** OpenAPI-style definition name, as the API server publishes it: "com.example.stable.v1.CronTab". */
  definition: string;
  schema: JsonSchema;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** True for an `apiextensions.k8s.io/*` CustomResourceDefinition object (as JSON). */
export function isCustomResourceDefinition(obj: unknown): obj is Record<string, unknown> {
  return isObject(obj) && obj.kind === 'CustomResourceDefinition' && typeof obj.apiVersion === 'string' && obj.apiVersion.startsWith('apiextensions.k8s.io/');
}

/** The CustomResourceDefinitions among workspace objects (a WorkspaceIndex view, the CLI's file set). */
export function customResourceDefinitionsOf(objects: Iterable<WorkspaceObject>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const o of objects) if (isCustomResourceDefinition(o.json)) out.push(o.json);
  return out;
}

/**
 * The URL yaml-language-server (1.25, services/k8sSchemaUtil.ts `autoDetectCustomResource`) asks
 * for a kind that is not built in, given the CRD-store base URL. Mirrors it exactly, including the
 * OpenShift special case, so the store can answer from memory.
 */
export function crdStoreUrl(base: string, group: string, version: string, kind: string): string {
  const groupWithoutK8sIO = group.replace('.k8s.io', '').replace('rbac.authorization', 'rbac');
  const typeName = `io.k8s.api.${groupWithoutK8sIO.toLowerCase()}.${version.toLowerCase()}.${kind.toLowerCase()}`;
  if (typeName.includes('openshift.io')) {
    return `${base}/openshift/v4.15-strict/${kind.toLowerCase()}_${group.toLowerCase()}_${version.toLowerCase()}.json`;
  }
  return `${base}/${group.toLowerCase()}/${kind.toLowerCase()}_${version.toLowerCase()}.json`;
}

/** "stable.example.com" -> "com.example.stable": how the API server names CRD definitions in OpenAPI. */
function definitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

const API_VERSION_DESCRIPTION =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.';
const KIND_DESCRIPTION = 'Kind is a string value representing the REST resource this object represents. In CamelCase.';
const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };

/**
 * ObjectMeta, permissive: the fields users write are typed (labels and annotations are maps of
 * strings, as the API server demands), fields it does not list are allowed.
 */
function objectMeta(): JsonSchema {
  return {
    type: 'object',
    description: "Standard object's metadata.",
    properties: {
      name: { type: 'string', description: 'Name must be unique within a namespace.' },
      generateName: { type: 'string', description: 'Optional prefix used by the server to generate a unique name.' },
      namespace: { type: 'string', description: 'The namespace the object lives in.' },
      labels: { ...STRING_MAP, description: 'Map of string keys and values used to organize and select objects.' },
      annotations: { ...STRING_MAP, description: 'Unstructured key value map stored with a resource, set by tools.' },
      finalizers: { type: 'array', items: { type: 'string' } },
      ownerReferences: { type: 'array', items: { type: 'object' } },
    },
  };
}

/** The fields of an embedded object (`x-kubernetes-embedded-resource`): apiVersion, kind, metadata. */
function embeddedFields(): Record<string, JsonSchema> {
  return { apiVersion: { type: 'string', description: API_VERSION_DESCRIPTION }, kind: { type: 'string', description: KIND_DESCRIPTION }, metadata: objectMeta() };
}

/** Keywords copied as they are (OpenAPI v3.0 and JSON schema agree on them). */
const COPIED = ['title', 'description', 'default', 'enum', 'pattern', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems',
  'minProperties', 'maxProperties', 'multipleOf', 'required'] as const;
const MAX_DEPTH = 64;

/**
 * OpenAPI v3.0 (structural schema, as in a CRD) -> JSON schema draft-07. `structural` is false inside
 * allOf/anyOf/oneOf/not, where Kubernetes does not prune, so no `additionalProperties: false` is added.
 */
function convert(node: unknown, structural: boolean, depth: number): JsonSchema {
  if (!isObject(node) || depth > MAX_DEPTH) return {};
  const out: JsonSchema = {};
  for (const k of COPIED) if (node[k] !== undefined) out[k] = node[k];
  // OpenAPI 3.0 exclusive bounds are booleans beside minimum/maximum; draft-07 wants numbers.
  for (const [bound, exclusive] of [['minimum', 'exclusiveMinimum'], ['maximum', 'exclusiveMaximum']] as const) {
    if (typeof node[bound] !== 'number') continue;
    if (node[exclusive] === true) out[exclusive] = node[bound];
    else out[bound] = node[bound];
  }
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = node['x-kubernetes-embedded-resource'] === true;
  if (intOrString) out.type = ['integer', 'string'];
  else if (typeof node.type === 'string') out.type = node.nullable === true ? [node.type, 'null'] : node.type;
  if (node.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];

  const properties: Record<string, JsonSchema> = {};
  if (isObject(node.properties)) for (const [k, v] of Object.entries(node.properties)) properties[k] = convert(v, structural, depth + 1);
  if (embedded) for (const [k, v] of Object.entries(embeddedFields())) if (!(k in properties)) properties[k] = v;
  if (Object.keys(properties).length) out.properties = properties;

  if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  else if (isObject(node.additionalProperties)) out.additionalProperties = convert(node.additionalProperties, structural, depth + 1);
  // Unknown fields are dropped by the API server: flag them, unless the CRD keeps them. A bare
  // `type: object` (no properties) stays open: it is how hand-written CRDs say "anything".
  else if (structural && !preserve && isObject(node.properties) && Object.keys(node.properties).length) out.additionalProperties = false;

  if (isObject(node.items)) out.items = convert(node.items, structural, depth + 1);
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[junctor];
    if (!Array.isArray(list) || !list.length) continue;
    // The structural form of int-or-string (anyOf integer / string) is already the type above.
    if (intOrString && list.every((s) => isObject(s) && (s.type === 'integer' || s.type === 'string') && Object.keys(s).length === 1)) continue;
    out[junctor] = list.map((s) => convert(s, false, depth + 1));
  }
  if (isObject(node.not)) out.not = convert(node.not, false, depth + 1);
  return out;
}

/** The schema of a whole custom resource: the CRD's own, with apiVersion, kind and metadata. */
function resourceSchema(openAPIV3Schema: unknown, group: string, version: string, kind: string, preserveAll: boolean): JsonSchema {
  const root = isObject(openAPIV3Schema) ? convert(openAPIV3Schema, !preserveAll, 0) : {};
  const own = isObject(root.properties) ? (root.properties as Record<string, JsonSchema>) : {};
  const meta = objectMeta();
  // A CRD may only constrain metadata.name / generateName; keep its words over ours.
  const ownMeta = isObject(own.metadata) && isObject(own.metadata.properties) ? (own.metadata.properties as Record<string, JsonSchema>) : {};
  for (const [k, v] of Object.entries(ownMeta)) {
    const props = meta.properties as Record<string, JsonSchema>;
    props[k] = { ...props[k], ...v };
  }
  const schema: JsonSchema = {
    ...root,
    type: 'object',
    properties: {
      ...own,
      apiVersion: { type: 'string', enum: [`${group}/${version}`], description: API_VERSION_DESCRIPTION },
      kind: { type: 'string', enum: [kind], description: KIND_DESCRIPTION },
      metadata: meta,
    },
    'x-kubernetes-group-version-kind': [{ group, version, kind }],
  };
  if (!isObject(openAPIV3Schema) || preserveAll) delete schema.additionalProperties;
  return schema;
}

/**
 * The schemas of one CustomResourceDefinition (apiextensions.k8s.io/v1, or v1beta1 with its
 * spec.validation and spec.version): one per served version. Empty when it is not a CRD.
 */
export function crdSchemas(crd: unknown): CustomResourceSchema[] {
  if (!isCustomResourceDefinition(crd) || !isObject(crd.spec)) return [];
  const spec = crd.spec;
  const group = str(spec.group);
  const kind = isObject(spec.names) ? str(spec.names.kind) : undefined;
  if (!group || !kind) return [];
  const v1beta1 = crd.apiVersion === 'apiextensions.k8s.io/v1beta1';
  // v1beta1 kept unknown fields unless told not to; v1 requires pruning.
  const preserveAll = spec.preserveUnknownFields === true || (v1beta1 && spec.preserveUnknownFields !== false);
  const shared = isObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  const versions: Array<{ name: string; schema: unknown }> = [];
  if (Array.isArray(spec.versions)) {
    for (const v of spec.versions) {
      const name = isObject(v) ? str(v.name) : undefined;
      // Objects of a version that is not served are rejected anyway; no schema for them.
      if (!name || !isObject(v) || v.served === false) continue;
      versions.push({ name, schema: isObject(v.schema) ? v.schema.openAPIV3Schema : shared });
    }
  }
  const single = str(spec.version);
  if (single && !versions.some((v) => v.name === single)) versions.push({ name: single, schema: shared });
  return versions.map(({ name, schema }) => ({
    group, version: name, kind,
    definition: definitionName(group, name, kind),
    schema: resourceSchema(schema, group, name, kind, preserveAll),
  }));
}

/**
 * The answers of the CRD store: URL -> schema text, rebuilt when the set of CRDs changes. Built
 * schemas are remembered per CRD object, so feeding the same objects again (the editor does on
 * every check) costs a lookup per CRD.
 */
export class CrdSchemaStore {
  private built = new WeakMap<object, Array<{ url: string; text: string; definition: string }>>();
  private answers = new Map<string, { text: string; definition: string }>();

  constructor(private readonly base: string) {}

  /** Replaces the CRD set; returns the URLs whose answer changed. The first CRD of a kind wins. */
  set(crds: readonly unknown[]): string[] {
    const next = new Map<string, { text: string; definition: string }>();
    for (const crd of crds) {
      if (!isObject(crd)) continue;
      let entries = this.built.get(crd);
      if (!entries) {
        entries = crdSchemas(crd).map((s) => ({ url: crdStoreUrl(this.base, s.group, s.version, s.kind), text: JSON.stringify(s.schema), definition: s.definition }));
        this.built.set(crd, entries);
      }
      for (const e of entries) if (!next.has(e.url)) next.set(e.url, { text: e.text, definition: e.definition });
    }
    const changed: string[] = [];
    for (const url of new Set([...this.answers.keys(), ...next.keys()])) {
      if (this.answers.get(url)?.text !== next.get(url)?.text) changed.push(url);
    }
    this.answers = next;
    return changed;
  }

  /** True for URLs under the store's base (the ones yaml-language-server asks for unknown kinds). */
  owns(uri: string): boolean {
    return uri.startsWith(this.base + '/');
  }

  /** The schema text for a store URL; undefined when no CRD defines that kind and version. */
  schemaText(uri: string): string | undefined {
    return this.answers.get(uri.replace(/#.*$/, ''))?.text;
  }

  /** The definition name ("com.example.v1.Widget") for a store URL, when a CRD defines it. */
  definitionOf(uri: string): string | undefined {
    return this.answers.get(uri.replace(/#.*$/, ''))?.definition;
  }
}
