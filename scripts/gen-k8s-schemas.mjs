#!/usr/bin/env node
// Generates the bundled Kubernetes JSON schemas at build time from registry packages: the JSDoc'd
// interfaces of `kubernetes-types` (walked with the TypeScript compiler API) and, when installed,
// the model classes of `@kubernetes/client-node` for a newer API version. The output has the shape
// yaml-language-server's built-in Kubernetes support expects (an `all.json` whose `oneOf` names
// every kind, and a `_definitions.json` with swagger-style names), plus an `index.json`.
//
// Usage: node scripts/gen-k8s-schemas.mjs [--out dist/schemas] [--quiet]
//   (SHIPSHAPE_K8S_SKIP_CLIENT_NODE=1 bundles only the kubernetes-types version)
//
// Layout written:
//   <out>/index.json                 { versions: [{ version, dir, source, kinds, definitions }], newest }
//   <out>/v<maj.min>/all.json        { oneOf: [{ "_$ref": "_definitions.json#/definitions/<name>", not: {} }, ..., {}] }
//   <out>/v<maj.min>/_definitions.json  { definitions: { "io.k8s.api.apps.v1.Deployment": {...}, ... } }
// See writeVersion() for why all.json is a permissive stub rather than a real oneOf.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import ts from 'typescript';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Intermediate model shared by both sources.
//
// TypeRef: { k: 'string' | 'integer' | 'number' | 'boolean' | 'any' | 'intOrString' | 'quantity' }
//        | { k: 'literal', value: string } | { k: 'ref', name: string }
//        | { k: 'array', items: TypeRef } | { k: 'map', values: TypeRef }
// Def:     { description?: string, properties?: Prop[], gvk?: {group,version,kind}, raw?: object }
// Prop:    { name: string, description?: string, required: boolean, type: TypeRef }
// ---------------------------------------------------------------------------------------------

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const APIEXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
const APIREG = 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1';

/** Swagger-style definition-name prefix for a kubernetes-types module path ("apps/v1", "runtime"). */
function prefixForModule(mod) {
  switch (mod) {
    case 'meta/v1': return META;
    case 'runtime': return 'io.k8s.apimachinery.pkg.runtime';
    case 'version': return 'io.k8s.apimachinery.pkg.version';
    case 'api/resource': return 'io.k8s.apimachinery.pkg.api.resource';
    case 'apiextensions/v1': return APIEXT;
    case 'apiregistration/v1': return APIREG;
    default: return `io.k8s.api.${mod.replace('/', '.')}`;
  }
}

/** The few API fields that are floating point (format: double); every other number is an integer. */
const DOUBLE_FIELDS = new Set([
  `${APIEXT}.JSONSchemaProps.maximum`,
  `${APIEXT}.JSONSchemaProps.minimum`,
  `${APIEXT}.JSONSchemaProps.multipleOf`,
]);

/** Named definitions that are not interfaces in kubernetes-types (aliases, inlined unions). */
function scalarDefs() {
  return {
    [QUANTITY]: {
      raw: {
        type: ['string', 'number'],
        description:
          'Quantity is a fixed-point representation of a number, e.g. "500m" CPU or "128Mi" memory (a plain number is also accepted).',
      },
    },
    [INT_OR_STRING]: {
      raw: {
        type: ['string', 'integer'],
        description: 'IntOrString is a type that can hold an int32 or a string (e.g. a port number or name, or a percentage).',
      },
    },
    [`${META}.Time`]: {
      // null is accepted because `kubectl create --dry-run -o yaml` writes `creationTimestamp: null`.
      raw: {
        type: ['string', 'null'],
        format: 'date-time',
        description:
          'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON. Wrappers are provided for many of the factory methods that the time package offers.',
      },
    },
    [`${META}.MicroTime`]: {
      raw: { type: ['string', 'null'], format: 'date-time', description: 'MicroTime is version of Time with microsecond level precision.' },
    },
    // Swagger describes these three as "any of" helpers without a type: keep them permissive.
    [`${APIEXT}.JSONSchemaPropsOrArray`]: {
      raw: { description: 'JSONSchemaPropsOrArray represents a value that can either be a JSONSchemaProps or an array of JSONSchemaProps. Mainly here for serialization purposes.' },
    },
    [`${APIEXT}.JSONSchemaPropsOrBool`]: {
      raw: { description: 'JSONSchemaPropsOrBool represents JSONSchemaProps or a boolean value. Defaults to true for the boolean property.' },
    },
    [`${APIEXT}.JSONSchemaPropsOrStringArray`]: {
      raw: { description: 'JSONSchemaPropsOrStringArray represents a JSONSchemaProps or a string array.' },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Patches for kubernetes-types.
// ---------------------------------------------------------------------------------------------

const RESOURCES_DESC =
  "Resources is a list of resources this rule applies to.\n\nFor example: 'pods' means pods. 'pods/log' means the log subresource of pods. '*' means all resources, but not subresources. 'pods/*' means all subresources of pods. '*/scale' means all scale subresources. '*/*' means all resources and their subresources.\n\nIf wildcard is present, the validation rule will ensure resources do not overlap with each other.\n\nDepending on the enclosing object, subresources might not be allowed. Required.";
const SCOPE_DESC =
  'scope specifies the scope of this rule. Valid values are "Cluster", "Namespaced", and "*" "Cluster" means that only cluster-scoped resources will match this rule. Namespace API objects are cluster-scoped. "Namespaced" means that only namespaced resources will match this rule. "*" means that there are no scope restrictions. Subresources match the scope of their parent resource. Default is "*".';

/**
 * kubernetes-types drops a property whose description contains the comment terminator, together
 * with the property after it. These are the victims (checked against @kubernetes/client-node).
 */
function lostProperties() {
  const rule = [
    { name: 'resources', description: RESOURCES_DESC, required: false, type: { k: 'array', items: { k: 'string' } } },
    { name: 'scope', description: SCOPE_DESC, required: false, type: { k: 'string' } },
  ];
  const out = {};
  out['io.k8s.api.admissionregistration.v1.RuleWithOperations'] = rule;
  // Only v1 has RuleWithOperations; every admissionregistration version has the named variant.
  for (const v of ['v1', 'v1beta1', 'v1alpha1']) out[`io.k8s.api.admissionregistration.${v}.NamedRuleWithOperations`] = rule;
  out['io.k8s.api.authorization.v1.ResourceRule'] = [
    {
      name: 'resources',
      description:
        'Resources is a list of resources this rule applies to.  "*" means all in the specified apiGroups.\n "*/foo" represents the subresource \'foo\' for all resources in the specified apiGroups.',
      required: false,
      type: { k: 'array', items: { k: 'string' } },
    },
    {
      name: 'verbs',
      description: 'Verb is a list of kubernetes resource API verbs, like: get, list, watch, create, update, delete, proxy.  "*" means all.',
      required: true,
      type: { k: 'array', items: { k: 'string' } },
    },
  ];
  return out;
}

/** The `x-kubernetes-*` extension fields that JSONSchemaProps has on the wire but not in kubernetes-types. */
function jsonSchemaPropsExtensions() {
  const b = (name, description) => ({ name, description, required: false, type: { k: 'boolean' } });
  return [
    b('x-kubernetes-embedded-resource', 'x-kubernetes-embedded-resource defines that the value is an embedded Kubernetes runtime.Object, with TypeMeta and ObjectMeta. The type must be object. It is allowed to further restrict the embedded object. kind, apiVersion and metadata are validated automatically. x-kubernetes-preserve-unknown-fields is allowed to be true, but does not have to be if the object is fully specified (up to kind, apiVersion, metadata).'),
    b('x-kubernetes-int-or-string', 'x-kubernetes-int-or-string specifies that this value is either an integer or a string. If this is true, an empty type is allowed and type as child of anyOf is permitted if following one of the following patterns:\n\n1) anyOf:\n   - type: integer\n   - type: string\n2) allOf:\n   - anyOf:\n     - type: integer\n     - type: string\n   - ... zero or more'),
    { name: 'x-kubernetes-list-map-keys', required: false, type: { k: 'array', items: { k: 'string' } }, description: 'x-kubernetes-list-map-keys annotates an array with the x-kubernetes-list-type `map` by specifying the keys used as the index of the map.\n\nThis tag MUST only be used on lists that have the "x-kubernetes-list-type" extension set to "map". Also, the values specified for this attribute must be a scalar typed field of the child structure (no nesting is supported).\n\nThe properties specified must either be required or have a default value, to ensure those properties are present for all list items.' },
    { name: 'x-kubernetes-list-type', required: false, type: { k: 'string' }, description: 'x-kubernetes-list-type annotates an array to further describe its topology. This extension must only be used on lists and may have 3 possible values:\n\n1) `atomic`: the list is treated as a single entity, like a scalar.\n     Atomic lists will be entirely replaced when updated. This extension\n     may be used on any type of list (struct, scalar, ...).\n2) `set`:\n     Sets are lists that must not have multiple items with the same value. Each\n     value must be a scalar, an object with x-kubernetes-map-type `atomic` or an\n     array with x-kubernetes-list-type `atomic`.\n3) `map`:\n     These lists are like maps in that their elements have a non-index key\n     used to identify them. Order is preserved upon merge. The map tag\n     must only be used on a list with elements of type object.\nDefaults to atomic for arrays.' },
    { name: 'x-kubernetes-map-type', required: false, type: { k: 'string' }, description: 'x-kubernetes-map-type annotates an object to further describe its topology. This extension must only be used when type is object and may have 2 possible values:\n\n1) `granular`:\n     These maps are actual maps (key-value pairs) and each fields are independent\n     from each other (they can each be manipulated by separate actors). This is\n     the default behaviour for all maps.\n2) `atomic`: the list is treated as a single entity, like a scalar.\n     Atomic maps will be entirely replaced when updated.' },
    b('x-kubernetes-preserve-unknown-fields', 'x-kubernetes-preserve-unknown-fields stops the API server decoding step from pruning fields which are not specified in the validation schema. This affects fields recursively, but switches back to normal pruning behaviour if nested properties or additionalProperties are specified in the schema. This can either be true or undefined. False is forbidden.'),
    { name: 'x-kubernetes-validations', required: false, type: { k: 'array', items: { k: 'ref', name: `${APIEXT}.ValidationRule` } }, description: 'x-kubernetes-validations describes a list of validation rules written in the CEL expression language.' },
  ];
}

/**
 * apiregistration.k8s.io/v1 (APIService) is not in kubernetes-types; this declaration in the same
 * style is parsed by the same walker. Descriptions follow the upstream API documentation.
 */
const APIREGISTRATION_DTS = `
import { ListMeta, ObjectMeta, Time } from "../meta/v1";
/** APIService represents a server for a particular GroupVersion. Name must be "version.group". */
export interface APIService {
    /** APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources */
    apiVersion?: "apiregistration.k8s.io/v1";
    /** Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds */
    kind?: "APIService";
    /** Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata */
    metadata?: ObjectMeta;
    /** Spec contains information for locating and communicating with a server */
    spec?: APIServiceSpec;
    /** Status contains derived information about an API server */
    status?: APIServiceStatus;
}
/** APIServiceCondition describes the state of an APIService at a particular point */
export interface APIServiceCondition {
    /** Last time the condition transitioned from one status to another. */
    lastTransitionTime?: Time;
    /** Human-readable message indicating details about last transition. */
    message?: string;
    /** Unique, one-word, CamelCase reason for the condition's last transition. */
    reason?: string;
    /** Status is the status of the condition. Can be True, False, Unknown. */
    status: string;
    /** Type is the type of the condition. */
    type: string;
}
/** APIServiceList is a list of APIService objects. */
export interface APIServiceList {
    /** APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources */
    apiVersion?: "apiregistration.k8s.io/v1";
    /** Items is the list of APIService */
    items: Array<APIService>;
    /** Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds */
    kind?: "APIServiceList";
    /** Standard list metadata More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata */
    metadata?: ListMeta;
}
/** APIServiceSpec contains information for locating and communicating with a server. Only https is supported, though you are able to disable certificate verification. */
export interface APIServiceSpec {
    /** CABundle is a PEM encoded CA bundle which will be used to validate an API server's serving certificate. If unspecified, system trust roots on the apiserver are used. */
    caBundle?: string;
    /** Group is the API group name this server hosts */
    group?: string;
    /** GroupPriorityMinimum is the priority this group should have at least. Higher priority means that the group is preferred by clients over lower priority ones. Note that other versions of this group might specify even higher GroupPriorityMinimum values such that the whole group gets a higher priority. The primary sort is based on GroupPriorityMinimum, ordered highest number to lowest (20 before 10). The secondary sort is based on the alphabetical comparison of the name of the object.  (v1.bar before v1.foo) We'd recommend something like: *.k8s.io (except extensions) at 18000 and PaaSes (OpenShift, Deis) are recommended to be in the 2000s */
    groupPriorityMinimum: number;
    /** InsecureSkipTLSVerify disables TLS certificate verification when communicating with this server. This is strongly discouraged.  You should use the CABundle instead. */
    insecureSkipTLSVerify?: boolean;
    /** Service is a reference to the service for this API server.  It must communicate on port 443. If the Service is nil, that means the handling for the API groupversion is handled locally on this server. The call will simply delegate to the normal handler chain to be fulfilled. */
    service?: ServiceReference;
    /** Version is the API version this server hosts.  For example, "v1" */
    version?: string;
    /** VersionPriority controls the ordering of this API version inside of its group.  Must be greater than zero. The primary sort is based on VersionPriority, ordered highest to lowest (20 before 10). Since it's inside of a group, the number can be small, probably in the 10s. In case of equal version priorities, the version string will be used to compute the order inside a group. If the version string is "kube-like", it will sort above non "kube-like" version strings, which are ordered lexicographically. "Kube-like" versions start with a "v", then are followed by a number (the major version), then optionally the string "alpha" or "beta" and another number (the minor version). These are sorted first by GA > beta > alpha (where GA is a version with no suffix such as beta or alpha), and then by comparing major version, then minor version. An example sorted list of "kube-like" versions: v10, v2, v1, v11beta2, v10beta3, v3beta1, v12alpha1, v11alpha2, foo1, foo10. */
    versionPriority: number;
}
/** APIServiceStatus contains derived information about an API server */
export interface APIServiceStatus {
    /** Current service state of apiService. */
    conditions?: Array<APIServiceCondition>;
}
/** ServiceReference holds a reference to Service.legacy.k8s.io */
export interface ServiceReference {
    /** Name is the name of the service */
    name?: string;
    /** Namespace is the namespace of the service */
    namespace?: string;
    /** If specified, the port on the service that hosting webhook. Default to 443 for backward compatibility. \`port\` should be a valid port number (1-65535, inclusive). */
    port?: number;
}
`;

// ---------------------------------------------------------------------------------------------
// Source 1: kubernetes-types (TypeScript compiler API walk).
// ---------------------------------------------------------------------------------------------

/** Text of the last JSDoc block before `node`, without comment markers; undefined if none. */
function jsDocText(sourceText, node) {
  const ranges = ts.getLeadingCommentRanges(sourceText, node.getFullStart()) ?? [];
  const doc = ranges.filter((r) => sourceText.startsWith('/**', r.pos)).pop();
  if (!doc) return undefined;
  const body = sourceText.slice(doc.pos + 3, doc.end - 2);
  const lines = body.split('\n').map((l) => l.replace(/^\s*\* ?/, '').replace(/\s+$/, ''));
  const text = lines.join('\n').trim();
  return text || undefined;
}

/** Reads every kubernetes-types module into the model. Returns { defs, version }. */
function fromKubernetesTypes() {
  const pkgJson = require.resolve('kubernetes-types/package.json');
  const root = path.dirname(pkgJson);
  const version = JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version;

  /** module path ("apps/v1") -> source text */
  const modules = new Map();
  const walk = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.name.endsWith('.d.ts')) {
        modules.set(path.relative(root, p).replace(/\\/g, '/').replace(/\.d\.ts$/, ''), fs.readFileSync(p, 'utf8'));
      }
    }
  };
  walk(root);
  if (modules.has('apiregistration/v1')) throw new Error('kubernetes-types now has apiregistration/v1: drop the APIService patch');
  modules.set('apiregistration/v1', APIREGISTRATION_DTS);

  const defs = scalarDefs();
  const lost = lostProperties();

  for (const [mod, text] of modules) {
    const sf = ts.createSourceFile(`${mod}.d.ts`, text, ts.ScriptTarget.Latest, true);
    const prefix = prefixForModule(mod);
    /** local name -> swagger name, for imports and this module's own declarations */
    const names = new Map();
    for (const st of sf.statements) {
      if (ts.isImportDeclaration(st) && st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings)) {
        const from = path.posix.join(path.posix.dirname(mod), st.moduleSpecifier.text);
        for (const el of st.importClause.namedBindings.elements) {
          names.set(el.name.text, `${prefixForModule(from)}.${(el.propertyName ?? el.name).text}`);
        }
      } else if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name) {
        names.set(st.name.text, `${prefix}.${st.name.text}`);
      }
    }

    const toType = (node, fieldId) => {
      switch (node.kind) {
        case ts.SyntaxKind.StringKeyword: return { k: 'string' };
        case ts.SyntaxKind.BooleanKeyword: return { k: 'boolean' };
        case ts.SyntaxKind.NumberKeyword: return { k: DOUBLE_FIELDS.has(fieldId) ? 'number' : 'integer' };
        case ts.SyntaxKind.AnyKeyword: case ts.SyntaxKind.UnknownKeyword: return { k: 'any' };
        case ts.SyntaxKind.LiteralType:
          if (ts.isStringLiteral(node.literal)) return { k: 'literal', value: node.literal.text };
          break;
        case ts.SyntaxKind.ArrayType: return { k: 'array', items: toType(node.elementType, fieldId) };
        case ts.SyntaxKind.UnionType: {
          const kinds = node.types.map((t) => t.kind).sort();
          if (kinds.length === 2 && kinds.includes(ts.SyntaxKind.NumberKeyword) && kinds.includes(ts.SyntaxKind.StringKeyword)) {
            return { k: 'ref', name: INT_OR_STRING };
          }
          break;
        }
        case ts.SyntaxKind.TypeReference: {
          const n = node.typeName.getText(sf);
          if (n === 'Array' && node.typeArguments?.length === 1) return { k: 'array', items: toType(node.typeArguments[0], fieldId) };
          const target = names.get(n);
          if (!target) throw new Error(`${mod}: unresolved type ${n}`);
          return { k: 'ref', name: target };
        }
        case ts.SyntaxKind.TypeLiteral: {
          const idx = node.members.find(ts.isIndexSignatureDeclaration);
          if (idx && node.members.length === 1) return { k: 'map', values: toType(idx.type, fieldId) };
          break;
        }
      }
      throw new Error(`${mod}: unsupported type ${ts.SyntaxKind[node.kind]} '${node.getText(sf)}' at ${fieldId}`);
    };

    for (const st of sf.statements) {
      if (!ts.isInterfaceDeclaration(st)) continue;
      const name = `${prefix}.${st.name.text}`;
      const def = { description: jsDocText(text, st), properties: [] };
      for (const m of st.members) {
        if (!ts.isPropertySignature(m) || !m.type) throw new Error(`${name}: unexpected member ${m.getText(sf)}`);
        const propName = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : m.name.getText(sf);
        def.properties.push({
          name: propName,
          description: jsDocText(text, m),
          required: !m.questionToken,
          type: toType(m.type, `${name}.${propName}`),
        });
      }
      const apiVersion = def.properties.find((p) => p.name === 'apiVersion')?.type;
      const kind = def.properties.find((p) => p.name === 'kind')?.type;
      if (apiVersion?.k === 'literal' && kind?.k === 'literal' && !['meta/v1', 'runtime', 'version'].includes(mod)) {
        const [group, ver] = apiVersion.value.includes('/') ? apiVersion.value.split('/') : ['', apiVersion.value];
        def.gvk = { group, version: ver, kind: kind.value };
      }
      defs[name] = def;
    }
  }

  // Patches.
  for (const [name, props] of Object.entries(lost)) {
    const def = defs[name];
    if (!def) {
      // Alpha/beta versions come and go between releases; the v1 targets must exist.
      if (/\.v1\.[A-Za-z]+$/.test(name)) throw new Error(`patch target ${name} missing`);
      continue;
    }
    for (const p of props) if (!def.properties.some((q) => q.name === p.name)) def.properties.push(p);
  }
  const jsp = defs[`${APIEXT}.JSONSchemaProps`];
  for (const p of jsonSchemaPropsExtensions()) if (!jsp.properties.some((q) => q.name === p.name)) jsp.properties.push(p);

  return { defs, source: `kubernetes-types@${version}`, version: version.split('.').slice(0, 2).join('.') };
}

// ---------------------------------------------------------------------------------------------
// Source 2: @kubernetes/client-node (attributeTypeMap), descriptions borrowed from kubernetes-types.
// ---------------------------------------------------------------------------------------------

/** Loads the newer API version from @kubernetes/client-node, or returns undefined if not installed. */
async function fromClientNode(base) {
  let pkgJson;
  try {
    pkgJson = require.resolve('@kubernetes/client-node/package.json');
  } catch {
    return undefined;
  }
  if (process.env.SHIPSHAPE_K8S_SKIP_CLIENT_NODE) return undefined;
  const helper = new URL('./k8s-schemas-client-node.mjs', import.meta.url);
  if (!fs.existsSync(helper)) return undefined;
  const { buildFromClientNode } = await import(helper.href);
  return buildFromClientNode(pkgJson, base, { prefixForModule, scalarDefs, lostProperties, jsonSchemaPropsExtensions, QUANTITY, INT_OR_STRING, META, APIEXT, APIREG });
}

// ---------------------------------------------------------------------------------------------
// Emission.
// ---------------------------------------------------------------------------------------------

/** JSON schema for a TypeRef. */
function typeSchema(t) {
  switch (t.k) {
    case 'string': case 'integer': case 'number': case 'boolean': return { type: t.k };
    case 'any': return {};
    case 'literal': return { type: 'string', enum: [t.value] };
    case 'ref': return { $ref: `#/definitions/${t.name}` };
    case 'array': return { type: 'array', items: typeSchema(t.items) };
    case 'map': return { type: 'object', additionalProperties: typeSchema(t.values) };
    default: throw new Error(`unknown type ${JSON.stringify(t)}`);
  }
}

/** JSON schema for a definition: strict objects (no unknown properties) like the "-strict" flavour. */
function defSchema(name, def) {
  if (def.raw) return def.raw;
  const s = {};
  if (def.description) s.description = def.description;
  // Empty interfaces (RawExtension, FieldsV1, JSON, ...) carry arbitrary content.
  if (!def.properties.length) {
    if (!name.endsWith('.JSON')) s.type = 'object';
    return s;
  }
  s.type = 'object';
  const props = [...def.properties].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const required = props.filter((p) => p.required).map((p) => p.name);
  if (required.length) s.required = required;
  s.properties = {};
  for (const p of props) {
    const ps = typeSchema(p.type);
    if (p.description) ps.description = p.description;
    s.properties[p.name] = ps;
  }
  s.additionalProperties = false;
  if (def.gvk) s['x-kubernetes-group-version-kind'] = [def.gvk];
  return s;
}

/**
 * The definition name yaml-language-server computes for a document's apiVersion/kind
 * (k8sSchemaUtil.autoDetectBuiltinResource), compared case-insensitively with the `all.json` refs.
 */
function detectedName({ group, version, kind }) {
  const g = group || 'core';
  const short = g.replace('.k8s.io', '').replace('rbac.authorization', 'rbac');
  const prefix = g === 'apiextensions.k8s.io' ? 'io.k8s.apiextensions-apiserver.pkg.apis' : 'io.k8s.api';
  return `${prefix}.${short}.${version}.${kind}`;
}

/**
 * Writes one version. `all.json` only serves kind detection: yaml-language-server reads the
 * `_$ref` (or `$ref`) of each `oneOf` entry to pick the definition for a document's
 * apiVersion/kind, and validates documents it cannot place (no apiVersion/kind, unknown core kind)
 * against all.json itself. A real `$ref` oneOf would make those documents (workflows, compose
 * files, Helm values) fail every alternative; so each entry keeps its name in a literal `_$ref`
 * that is never resolved, can never match (`not: {}`), and one trailing `{}` matches anything.
 */
function writeVersion(outDir, { defs, version, source }) {
  const dir = `v${version}`;
  fs.mkdirSync(path.join(outDir, dir), { recursive: true });
  const definitions = {};
  for (const name of Object.keys(defs).sort()) definitions[name] = defSchema(name, defs[name]);

  const entries = [];
  for (const name of Object.keys(defs).sort()) {
    const gvk = defs[name].gvk;
    if (!gvk) continue;
    let target = name;
    const alias = detectedName(gvk);
    if (alias.toLowerCase() !== name.toLowerCase()) {
      // e.g. flowcontrol.apiserver.k8s.io, internal.apiserver.k8s.io, apiregistration.k8s.io
      definitions[alias] = { $ref: `#/definitions/${name}` };
      target = alias;
    }
    entries.push({ _$ref: `_definitions.json#/definitions/${target}`, not: {} });
  }
  entries.push({});
  const all = {
    $comment: `Generated by scripts/gen-k8s-schemas.mjs from ${source}. Kind index for yaml-language-server; see _definitions.json.`,
    oneOf: entries,
  };
  fs.writeFileSync(path.join(outDir, dir, 'all.json'), JSON.stringify(all));
  fs.writeFileSync(path.join(outDir, dir, '_definitions.json'), JSON.stringify({ definitions }));
  return { version, dir, source, kinds: entries.length - 1, definitions: Object.keys(definitions).length };
}

function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  return pa[0] - pb[0] || pa[1] - pb[1];
}

async function main() {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const outDir = path.resolve(outIdx >= 0 ? args[outIdx + 1] : 'dist/schemas');
  const quiet = args.includes('--quiet');
  const started = Date.now();

  const base = fromKubernetesTypes();
  const sources = [base];
  const newer = await fromClientNode(base);
  if (newer && newer.version !== base.version) sources.push(newer);

  // Replace only what this script writes (index.json, v<major>.<minor>/), never the whole --out.
  fs.mkdirSync(outDir, { recursive: true });
  for (const ent of fs.readdirSync(outDir)) {
    if (ent === 'index.json' || /^v\d+\.\d+$/.test(ent)) fs.rmSync(path.join(outDir, ent), { recursive: true, force: true });
  }
  const versions = sources.map((s) => writeVersion(outDir, s)).sort((a, b) => compareVersions(a.version, b.version));
  const index = { generator: 'scripts/gen-k8s-schemas.mjs', versions, newest: versions[versions.length - 1].version };
  fs.writeFileSync(path.join(outDir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  if (!quiet) {
    for (const v of versions) {
      const size = ['all.json', '_definitions.json'].reduce((n, f) => n + fs.statSync(path.join(outDir, v.dir, f)).size, 0);
      console.log(`k8s schemas ${v.version} (${v.source}): ${v.kinds} kinds, ${v.definitions} definitions, ${(size / 1024).toFixed(0)} KB`);
    }
    console.log(`k8s schemas written to ${path.relative(process.cwd(), outDir) || '.'} in ${Date.now() - started} ms`);
  }
}

main().catch((err) => {
  console.error(err?.stack ?? err);
  process.exit(1);
});
