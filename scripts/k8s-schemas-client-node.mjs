// Second schema source for scripts/gen-k8s-schemas.mjs: a newer Kubernetes API version read from the
// generated model classes of `@kubernetes/client-node` (attributeTypeMap: exact int vs double,
// required markers; API classes: group/version of new kinds). Its models lack descriptions for
// fields that reference other types, lack swagger names and treat Quantity as a plain string, so
// names, types and descriptions are borrowed from the kubernetes-types model wherever it has them.

import fs from 'node:fs';
import path from 'node:path';

/** Groups whose API group name has no ".k8s.io" suffix. */
const LEGACY_GROUPS = new Set(['', 'apps', 'batch', 'autoscaling', 'policy']);
/** Class-name prefix for types whose group is spelled out by client-node (name collisions). */
const CLASS_RE = /^((?:[A-Z][a-z]+)*?)(V\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/;
/** Fields that are Quantity (string or number) although client-node calls them string. */
const QUANTITY_FIELD_NAMES = new Set(['capacity', 'allocatable', 'limits', 'requests', 'hard', 'used', 'overhead', 'allocatedResources']);

/** "\\'" -> "'", and the comment-terminator escapes the generator used ("*_/", "/_*"). */
function unescapeDoc(text) {
  return text.replace(/\\(.)/g, '$1').replace(/\*_\//g, '*/').replace(/\/_\*/g, '/*');
}

/** JSDoc body -> text. */
function docText(body) {
  if (!body) return undefined;
  const t = body
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, '').replace(/\s+$/, ''))
    .join('\n')
    .trim();
  return t ? unescapeDoc(t) : undefined;
}

/** Parses one model's .d.ts: class description and per-property { description, required }. */
function parseDts(text) {
  const cls = /(?:\/\*\*\n((?:(?!\*\/)[\s\S])*?)\*\/\s*)?export declare class (\w+)[^{]*\{([\s\S]*)$/.exec(text);
  if (!cls) return undefined;
  const props = new Map();
  const re = /(?:\/\*\*\n((?:(?!\*\/)[\s\S])*?)\*\/\s*)?'([^']+)'(\?)?: /g;
  for (const m of cls[3].matchAll(re)) props.set(m[2], { description: docText(m[1]), required: !m[3] });
  const description = /Openapi Generator/i.test(cls[1] ?? '') ? undefined : docText(cls[1]); // file header
  return { description, props };
}

/** "FlowcontrolApiserver" -> "flowcontrol.apiserver.k8s.io"; "Core" -> "". */
function groupFromApiPrefix(prefix) {
  const g = prefix.replace(/([a-z])([A-Z])/g, '$1.$2').toLowerCase();
  if (g === 'core') return '';
  return LEGACY_GROUPS.has(g) ? g : `${g}.k8s.io`;
}

/** API group -> kubernetes-types / swagger directory ("rbac.authorization.k8s.io" -> "rbac"). */
function dirForGroup(group) {
  if (group === '') return 'core';
  if (group === 'flowcontrol.apiserver.k8s.io') return 'flowcontrol';
  if (group === 'internal.apiserver.k8s.io') return 'apiserverinternal';
  return group.split('.')[0];
}

/**
 * Builds the model for the API version of @kubernetes/client-node installed at `pkgJson`.
 * `base` is the kubernetes-types model ({ defs, version }); `h` the shared helpers/constants.
 */
export function buildFromClientNode(pkgJson, base, h) {
  const root = path.dirname(pkgJson);
  const pkgVersion = JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version;
  const modelsDir = path.join(root, 'dist', 'gen', 'models');
  const apisDir = path.join(root, 'dist', 'gen', 'apis');

  // 1. Model classes.
  /** class -> { attrs, dts } */
  const classes = new Map();
  for (const f of fs.readdirSync(modelsDir)) {
    if (!f.endsWith('.js') || f === 'all.js' || f === 'ObjectSerializer.js') continue;
    const js = fs.readFileSync(path.join(modelsDir, f), 'utf8');
    const m = /attributeTypeMap = (\[[\s\S]*?\]);/.exec(js);
    if (!m) continue;
    const name = f.slice(0, -3);
    const dtsFile = path.join(modelsDir, `${name}.d.ts`);
    const dts = fs.existsSync(dtsFile) ? parseDts(fs.readFileSync(dtsFile, 'utf8')) : undefined;
    classes.set(name, { attrs: JSON.parse(m[1]), dts });
  }
  const specVersion = /OpenAPI spec version: v(\d+)\.(\d+)/.exec(fs.readFileSync(path.join(modelsDir, 'V1Pod.js'), 'utf8'));
  if (!specVersion) throw new Error('cannot read the Kubernetes version of @kubernetes/client-node');
  const version = `${specVersion[1]}.${specVersion[2]}`;

  // 2. Kinds: classes that an API creates or lists under their own name; group from the API class.
  /** class -> { group, version, kind } */
  const kindOf = new Map();
  for (const f of fs.readdirSync(apisDir)) {
    const am = /^([A-Za-z]+?)(V\d+(?:alpha\d+|beta\d+)?)Api\.d\.ts$/.exec(f);
    if (!am) continue;
    const group = groupFromApiPrefix(am[1]);
    const apiVer = am[2].toLowerCase();
    const text = fs.readFileSync(path.join(apisDir, f), 'utf8');
    for (const m of text.matchAll(/\b(create|list)(?:Namespaced)?(\w+?)WithHttpInfo\(response: ResponseContext\): Promise<HttpInfo<(\w+)>>/g)) {
      const cm = CLASS_RE.exec(m[3]);
      if (!cm || cm[2].toLowerCase() !== apiVer) continue;
      const expected = m[1] === 'list' ? `${m[2]}List` : m[2];
      if (cm[3] !== expected) continue; // sub-resources (createNamespacedPodEviction -> V1Eviction)
      if (!kindOf.has(m[3])) kindOf.set(m[3], { group, version: apiVer, kind: cm[3] });
    }
  }

  // 3. Swagger names. kubernetes-types names first (unique version+name match), then group prefix
  //    in the class name, then the group of the kind that references the type.
  const baseDefs = base.defs;
  /** "v1/PodSpec" -> [swagger names] */
  const baseByVersionName = new Map();
  /** "v1/Deployment" -> swagger name of a kind */
  const baseKinds = new Map();
  for (const [name, def] of Object.entries(baseDefs)) {
    const parts = name.split('.');
    const key = `${parts[parts.length - 2]}/${parts[parts.length - 1]}`;
    if (!baseByVersionName.has(key)) baseByVersionName.set(key, []);
    baseByVersionName.get(key).push(name);
    if (def.gvk) baseKinds.set(`${def.gvk.group}/${def.gvk.version}/${def.gvk.kind}`, name);
  }
  const prefixFor = (dir, ver) => h.prefixForModule(`${dir}/${ver}`);

  /** class -> swagger name */
  const swagger = new Map();
  const gvkOf = new Map();
  for (const [cls, gvk] of kindOf) {
    const known = baseKinds.get(`${gvk.group}/${gvk.version}/${gvk.kind}`);
    swagger.set(cls, known ?? `${prefixFor(dirForGroup(gvk.group), gvk.version)}.${gvk.kind}`);
    gvkOf.set(cls, gvk);
  }
  // Kinds of kubernetes-types that client-node has but no API creates (none expected; kept for safety).
  for (const [cls] of classes) {
    if (swagger.has(cls)) continue;
    const cm = CLASS_RE.exec(cls);
    if (!cm) continue;
    const cands = (baseByVersionName.get(`${cm[2].toLowerCase()}/${cm[3]}`) ?? []).filter((n) => {
      if (!cm[1]) return true;
      return n.includes(`.${cm[1].toLowerCase()}.`) || (cm[1] === 'Core' && n.includes('.core.'));
    });
    if (cands.length === 1) {
      swagger.set(cls, cands[0]);
      if (baseDefs[cands[0]].gvk) gvkOf.set(cls, baseDefs[cands[0]].gvk);
    } else if (cm[1]) {
      swagger.set(cls, `${prefixFor(cm[1].toLowerCase(), cm[2].toLowerCase())}.${cm[3]}`);
    }
  }
  if (classes.has('VersionInfo')) swagger.set('VersionInfo', 'io.k8s.apimachinery.pkg.version.Info');

  const refClass = (type) => {
    const arr = /^Array<(.+)>$/.exec(type);
    if (arr) return refClass(arr[1]);
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) return refClass(map[1]);
    return classes.has(type) ? type : undefined;
  };
  // Breadth-first from the kinds: unnamed types take the directory of their first referrer.
  const queue = [...kindOf.keys()].sort();
  const seen = new Set(queue);
  while (queue.length) {
    const cls = queue.shift();
    const owner = swagger.get(cls);
    for (const a of classes.get(cls).attrs) {
      const ref = refClass(a.type);
      if (!ref || seen.has(ref)) continue;
      seen.add(ref);
      queue.push(ref);
      if (!swagger.has(ref) && owner) {
        const cm = CLASS_RE.exec(ref);
        if (cm) swagger.set(ref, `${owner.split('.').slice(0, -2).join('.')}.${cm[2].toLowerCase()}.${cm[3]}`);
      }
    }
  }

  // 4. Definitions.
  const defs = h.scalarDefs();
  const toType = (type, format, baseType, field) => {
    if (baseType && !(baseType.k === 'string' && QUANTITY_FIELD_NAMES.has(field))) {
      // Same field in kubernetes-types: its shape (Quantity, unions, helper types) is the better one,
      // but client-node knows int vs double exactly.
      if (type === 'number') return { k: format === 'double' ? 'number' : 'integer' };
      return baseType;
    }
    const arr = /^Array<(.+)>$/.exec(type);
    if (arr) return { k: 'array', items: toType(arr[1], '', undefined, field) };
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) return { k: 'map', values: toType(map[1], '', undefined, field) };
    switch (type) {
      case 'string':
        return QUANTITY_FIELD_NAMES.has(field) ? { k: 'ref', name: h.QUANTITY } : { k: 'string' };
      case 'number': return { k: format === 'double' ? 'number' : 'integer' };
      case 'boolean': return { k: 'boolean' };
      case 'any': return { k: 'any' };
      case 'IntOrString': return { k: 'ref', name: h.INT_OR_STRING };
      case 'Date': return { k: 'ref', name: format === 'date-time-micro' ? `${h.META}.MicroTime` : `${h.META}.Time` };
    }
    const target = swagger.get(type);
    return target ? { k: 'ref', name: target } : { k: 'any' };
  };

  // Descriptions of the same type in another API version of kubernetes-types ("v1beta1" <-> "v1").
  const otherVersion = (name) => {
    const parts = name.split('.');
    return (baseByVersionName.get(`${parts[parts.length - 2]}/${parts[parts.length - 1]}`) ?? [])
      .concat(Object.keys(baseDefs).filter((n) => n.endsWith(`.${parts[parts.length - 1]}`) && n.split('.').slice(0, -2).join('.') === parts.slice(0, -2).join('.')))
      .map((n) => baseDefs[n])
      .filter((d) => d && !d.raw);
  };
  const STANDARD_METADATA = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
  const STANDARD_LIST_METADATA = 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

  for (const [cls, { attrs, dts }] of classes) {
    const name = swagger.get(cls);
    if (!name || !seen.has(cls) && !baseDefs[name]) continue;
    const baseDef = baseDefs[name];
    if (baseDef?.raw) continue; // scalar helpers
    const baseProps = new Map((baseDef?.properties ?? []).map((p) => [p.name, p]));
    const siblings = baseDef ? [] : otherVersion(name);
    const siblingDesc = (prop) => siblings.map((d) => d.properties?.find((p) => p.name === prop)?.description).find(Boolean);
    const def = { description: dts?.description ?? baseDef?.description ?? siblings.map((d) => d.description).find(Boolean), properties: [] };
    for (const a of attrs) {
      const bp = baseProps.get(a.baseName);
      const dp = dts?.props.get(a.name);
      const prop = {
        name: a.baseName,
        description: dp?.description ?? bp?.description ?? siblingDesc(a.baseName),
        required: dp ? dp.required : (bp?.required ?? false),
        type: toType(a.type, a.format, bp?.type, a.baseName),
      };
      // apiVersion/kind of kinds become literals, as in kubernetes-types.
      const gvk = gvkOf.get(cls);
      if (gvk && a.baseName === 'apiVersion') prop.type = { k: 'literal', value: gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version };
      if (gvk && a.baseName === 'kind') prop.type = { k: 'literal', value: gvk.kind };
      if (!prop.description && a.baseName === 'metadata') {
        prop.description = a.type === 'V1ListMeta' ? STANDARD_LIST_METADATA : STANDARD_METADATA;
      }
      def.properties.push(prop);
    }
    if (gvkOf.has(cls)) def.gvk = gvkOf.get(cls);
    defs[name] = def;
  }
  // Empty helper types client-node maps to `any` (RawExtension, FieldsV1, JSON, ...): keep the base ones.
  for (const [name, def] of Object.entries(baseDefs)) {
    if (defs[name]) continue;
    const referenced = Object.values(defs).some((d) => d.properties?.some((p) => JSON.stringify(p.type).includes(`"${name}"`)));
    if (referenced) defs[name] = def;
  }
  // Kubernetes API types without any reference left dangling: fail loudly rather than emit bad refs.
  const missing = new Set();
  const visit = (t) => {
    if (t.k === 'ref' && !defs[t.name]) missing.add(t.name);
    if (t.items) visit(t.items);
    if (t.values) visit(t.values);
  };
  for (const d of Object.values(defs)) for (const p of d.properties ?? []) visit(p.type);
  if (missing.size) throw new Error(`client-node ${version}: unresolved references ${[...missing].slice(0, 5).join(', ')}`);

  return { defs, version, source: `@kubernetes/client-node@${pkgVersion} (descriptions partly from kubernetes-types@${base.source.split('@').pop()})` };
}
