// Kubernetes schema validation, hover and completion for YAML text, using yaml-language-server as a
// library (no LSP connection). Schemas are the ones bundled by scripts/gen-k8s-schemas.mjs; each YAML
// document gets the definition for its own apiVersion/kind through yaml-language-server's built-in
// Kubernetes detection, custom resources get their CustomResourceDefinition's schema (crdSchemas.ts),
// documents without apiVersion/kind (workflows, compose files, Helm values) and other unknown kinds get
// a permissive schema, and nothing is ever fetched over the network.

import * as fs from 'fs';
import * as path from 'path';
// The package's `main` is a CommonJS build; it bundles with esbuild --main-fields=module,main
// (jsonc-parser, a dependency, needs the `module` field: its UMD build breaks when bundled).
import { getLanguageService } from 'yaml-language-server';
import type { LanguageService, LanguageSettings } from 'yaml-language-server';
import { yamlDocumentsCache } from 'yaml-language-server/out/server/src/languageservice/parser/yaml-documents';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, Diagnostic, Hover, Position, Range } from 'vscode-languageserver';
import { CrdSchemaStore } from './crdSchemas';

/** Options for {@link KubernetesYamlService}. */
export interface KubernetesYamlServiceOptions {
  /** Kubernetes minor version such as "1.30" (also accepts "v1.30", "1.30.2"); default: newest bundled. */
  kubernetesVersion?: string;
  /** Directory written by scripts/gen-k8s-schemas.mjs; default: {@link defaultSchemaDir}. */
  schemaDir?: string;
  /**
   * YAML version used to read documents. Default "1.1", which is how kubectl reads manifests
   * (sigs.k8s.io/yaml): `value: yes` is a boolean there, so it is flagged where a string is expected.
   */
  yamlVersion?: '1.1' | '1.2';
}

/** `Diagnostic.source` of schema problems (syntax problems have yaml-language-server's "YAML"). */
export const KUBERNETES_SCHEMA_SOURCE = 'kubernetes-schema';

/** `Diagnostic.data` of schema problems. */
export interface KubernetesSchemaDiagnosticData {
  kubernetesVersion: string;
  /** Definition the document was checked against, e.g. "io.k8s.api.apps.v1.Deployment". */
  definition?: string;
  /** For "Property x is not allowed": the properties that are allowed there. */
  properties?: string[];
}

/** One entry of `<schemaDir>/index.json`. */
export interface BundledSchemaVersion {
  version: string;
  dir: string;
  source: string;
  kinds: number;
  definitions: number;
}

/**
 * The schema URL pattern yaml-language-server recognises as "the Kubernetes schema" (see its
 * utils/schemaUrls.ts): only for this URL does it pick a definition per document by apiVersion/kind.
 * It is never fetched: {@link KubernetesYamlService} serves it from the bundled files.
 */
const K8S_URL_RE =
  /^https:\/\/raw\.githubusercontent\.com\/yannh\/kubernetes-json-schema\/master\/v(\d+)\.(\d+)\.\d+-standalone-strict\/(all\.json|_definitions\.json)(?:#.*)?$/;
const k8sSchemaUrl = (version: string, file = 'all.json'): string =>
  `https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v${version}.0-standalone-strict/${file}`;
/** Where yaml-language-server asks for schemas of kinds it does not know: a CRD's schema, else `{}`. */
const CRD_STORE_URL = 'https://crd-catalog.shipshape.invalid';
const PERMISSIVE = '{}';

/** Compares "1.30"-style versions numerically. */
function compareMinor(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

/** "v1.30.2" / "1.30" / " 1.30 " -> "1.30"; undefined when it is not a version. */
function normalizeVersion(v: string | undefined): string | undefined {
  const m = /^\s*v?(\d+)\.(\d+)(?:\.\d+)?\s*$/.exec(v ?? '');
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

/**
 * Directory holding the bundled schemas: `$SHIPSHAPE_SCHEMA_DIR`, else `schemas` beside the running
 * bundle (dist/server.js next to dist/schemas), else `<repo>/dist/schemas` when running from the
 * TypeScript sources (server/src/languages/kubernetes).
 */
export function defaultSchemaDir(): string {
  const env = process.env.SHIPSHAPE_SCHEMA_DIR;
  if (env) return env;
  const beside = path.join(__dirname, 'schemas');
  if (fs.existsSync(path.join(beside, 'index.json'))) return beside;
  return path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'schemas');
}

/** Reads `<schemaDir>/index.json`; empty when missing or unreadable. Sorted oldest first. */
export function bundledSchemaIndex(schemaDir: string = defaultSchemaDir()): BundledSchemaVersion[] {
  try {
    const index = JSON.parse(fs.readFileSync(path.join(schemaDir, 'index.json'), 'utf8')) as { versions?: BundledSchemaVersion[] };
    return (index.versions ?? [])
      .filter((v) => typeof v?.version === 'string' && typeof v.dir === 'string')
      .sort((a, b) => compareMinor(a.version, b.version));
  } catch {
    return [];
  }
}

/** Kubernetes versions with bundled schemas, e.g. `['1.30', '1.34']`, newest last. */
export function bundledKubernetesVersions(schemaDir?: string): string[] {
  return bundledSchemaIndex(schemaDir).map((v) => v.version);
}

const TOP_KEY_API_VERSION = /^(?:apiVersion|"apiVersion"|'apiVersion')[ \t]*:/m;
const TOP_KEY_KIND = /^(?:kind|"kind"|'kind')[ \t]*:/m;

/**
 * True when any YAML document in `text` has top-level `apiVersion` and `kind` keys. A cheap line scan
 * (top-level keys start in column 0; `---` separates documents); flow-style roots such as
 * `{apiVersion: v1, kind: Pod}` are checked with a lenient regex.
 */
export function isKubernetesDocumentText(text: string): boolean {
  for (const doc of text.split(/^---(?=[ \t]|\r?$)/m)) {
    if (TOP_KEY_API_VERSION.test(doc) && TOP_KEY_KIND.test(doc)) return true;
    // Flow-style (or JSON) root: the first content after comments, blank lines and directives is "{".
    const content = doc.replace(/^(?:[ \t]*(?:#.*)?\r?\n|%.*\r?\n)*/, '').trimStart();
    if (content.startsWith('{') && /[{,]\s*["']?apiVersion["']?\s*:/.test(content) && /[{,]\s*["']?kind["']?\s*:/.test(content)) {
      return true;
    }
  }
  return false;
}

/**
 * yaml-language-server caches parsed documents by URI and version (in a module-wide cache shared by
 * all language-service instances). Callers may hand us a different text under the same version (a
 * CLI creating documents at version 1), so every text gets a private, globally increasing version.
 */
const documentStore = new Map<string, { text: string; yamlVersion: string; doc: TextDocument }>();
let versionCounter = 0;

/**
 * Where the YAML documents of a file start: offset 0 and every document marker (`---` at the start
 * of a line, followed by a space, a tab, a line break or the end). The YAML lexer always starts a
 * document there, even inside a block scalar (whose content is indented).
 */
export function documentStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n---'); i !== -1; i = text.indexOf('\n---', i + 1)) {
    const c = text.charCodeAt(i + 4);
    if (Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

function shiftRange(r: Range, lines: number): Range {
  return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}

/**
 * The YAML document holding `pos`, as a document of its own (in the `documentSlot` of the file), with
 * `pos` in it and the line it starts at: hover and completion only look at that document, and parsing
 * one document instead of a file of a thousand keeps them quick.
 */
function documentAt(doc: TextDocument, pos: Position): { doc: TextDocument; pos: Position; line: number } {
  const text = doc.getText();
  const starts = documentStarts(text);
  if (starts.length === 1) return { doc, pos, line: 0 };
  const offset = doc.offsetAt(pos);
  let i = starts.length - 1;
  while (i > 0 && starts[i] > offset) i--;
  const line = doc.positionAt(starts[i]).line;
  const chunk = TextDocument.create(documentSlot(doc.uri), doc.languageId || 'yaml', 0, text.slice(starts[i], starts[i + 1] ?? text.length));
  return { doc: chunk, pos: { line: pos.line - line, character: pos.character }, line };
}

/** The cache slot in which single documents of `uri` are validated (see validateDocument). */
function documentSlot(uri: string): string {
  return uri + '#shipshape-document';
}

/** Same text (and YAML version) -> same document object and version, so the parse is reused. */
function trackedDocument(doc: TextDocument, yamlVersion: string): TextDocument {
  const text = doc.getText();
  const known = documentStore.get(doc.uri);
  if (known && known.text === text && known.yamlVersion === yamlVersion) return known.doc;
  const tracked = TextDocument.create(doc.uri, doc.languageId || 'yaml', ++versionCounter, text);
  documentStore.set(doc.uri, { text, yamlVersion, doc: tracked });
  return tracked;
}

/**
 * Schema validation, hover and completion for Kubernetes manifests in YAML, with bundled schemas
 * for one Kubernetes version at a time. Methods never throw: on an internal failure they return
 * an empty result.
 */
export class KubernetesYamlService {
  private readonly schemaDir: string;
  private readonly bundled: BundledSchemaVersion[];
  private readonly ls: LanguageService;
  /** Raw text of bundled schema files by path (they are read once). */
  private readonly fileCache = new Map<string, string>();
  /** Schemas of the workspace's CustomResourceDefinitions, and the store URLs asked for so far. */
  private readonly crds = new CrdSchemaStore(CRD_STORE_URL);
  private readonly askedCrdUrls = new Set<string>();
  private crdGeneration = 0;
  private version = '';
  private validations: Promise<unknown> = Promise.resolve();
  private validationAborted = false;
  private readonly yamlVersion: '1.1' | '1.2';

  constructor(opts: KubernetesYamlServiceOptions = {}) {
    this.schemaDir = opts.schemaDir ?? defaultSchemaDir();
    this.yamlVersion = opts.yamlVersion ?? '1.1';
    this.bundled = bundledSchemaIndex(this.schemaDir);
    this.ls = getLanguageService({
      schemaRequestService: (uri) => this.requestSchema(uri),
      workspaceContext: {
        resolveRelativePath: (rel, resource) => {
          try {
            return new URL(rel, resource).toString();
          } catch {
            return rel;
          }
        },
      },
      telemetry: {
        send: () => undefined,
        // doValidation stops at the first document whose validation throws (later documents get
        // nothing) and says so only here; validateDocument() reports it to the incremental linter.
        sendError: (name: string) => {
          if (name === 'yaml.validation.error') this.validationAborted = true;
        },
        sendTrack: () => undefined,
      },
      clientCapabilities: {
        textDocument: {
          completion: { completionItem: { documentationFormat: ['markdown', 'plaintext'], snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
      // A partial SettingsState: the language service only reads these (and optional formatter and
      // locale fields). The CRD store is what makes it choose a definition per document by apiVersion/kind.
      yamlSettings: { kubernetesCRDStoreEnabled: true, kubernetesCRDStoreUrl: CRD_STORE_URL } as never,
    });
    this.setKubernetesVersion(opts.kubernetesVersion ?? '');
  }

  /** Changes whenever the schemas do (Kubernetes version, CRD set): a key for caches of schema results. */
  get schemaCacheKey(): string {
    return `${this.version}|crds:${this.crdGeneration}`;
  }

  /** The Kubernetes minor version in use ("1.30"); empty when no schemas are bundled. */
  get kubernetesVersion(): string {
    return this.version;
  }

  /** Switches schemas; an unknown or malformed version falls back to the newest bundled one. */
  setKubernetesVersion(v: string): void {
    const wanted = normalizeVersion(v);
    const found = this.bundled.find((b) => b.version === wanted);
    this.version = found?.version ?? this.bundled[this.bundled.length - 1]?.version ?? '';
    const settings: LanguageSettings = {
      validate: true,
      hover: true,
      completion: true,
      format: false,
      isKubernetes: true,
      hoverSchemaSource: false,
      yamlVersion: this.yamlVersion,
      // Match every document URI (file:, untitled:, in-memory test URIs). The schema and its
      // definitions are handed over parsed (see bundledSchema()).
      schemas: this.version ? [{ uri: k8sSchemaUrl(this.version), fileMatch: ['*', '**/*', '/**/*'], schema: this.bundledSchema('all.json') }] : [],
    };
    this.definitions = undefined;
    try {
      this.ls.configure(settings);
      const definitions = this.version ? this.bundledDefinitions() : undefined;
      if (definitions) void this.ls.addSchema(k8sSchemaUrl(this.version, '_definitions.json'), definitions);
    } catch {
      // configure() only stores settings; nothing expected to fail here
    }
  }

  /** The parsed definitions of the current version (see bundledSchema()). */
  private definitions: { version: string; schema: Record<string, unknown> | undefined } | undefined;

  private bundledDefinitions(): Record<string, unknown> | undefined {
    if (this.definitions?.version !== this.version) this.definitions = { version: this.version, schema: this.bundledSchema('_definitions.json') };
    return this.definitions.schema;
  }

  /**
   * For `_definitions.json#/definitions/<name>` (what yaml-language-server asks for each kind): a
   * document with that definition and every definition it refers to, directly or not, instead of all
   * of them. The references are local (`#/definitions/...`), so it resolves the same; it is parsed
   * (by yaml-language-server, in JavaScript) in a fraction of the time. Undefined for other names.
   */
  private definitionClosure(name: string): string | undefined {
    const all = this.bundledDefinitions();
    const defs = all?.definitions as Record<string, unknown> | undefined;
    if (!defs || !Object.prototype.hasOwnProperty.call(defs, name)) return undefined;
    const wanted = new Set<string>();
    const pending = [name];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, w] of Object.entries(v)) {
          if (k === '$ref' && typeof w === 'string' && w.startsWith('#/definitions/')) pending.push(decodeURIComponent(w.slice('#/definitions/'.length)));
          else walk(w);
        }
      }
    };
    while (pending.length) {
      const next = pending.pop()!;
      if (wanted.has(next) || !Object.prototype.hasOwnProperty.call(defs, next)) continue;
      wanted.add(next);
      walk(defs[next]);
    }
    const subset: Record<string, unknown> = {};
    for (const n of Object.keys(defs)) if (wanted.has(n)) subset[n] = defs[n];
    return JSON.stringify({ ...all, definitions: subset });
  }

  /**
   * A bundled schema file of the current version, parsed. Given to yaml-language-server directly it
   * is not fetched through requestSchema() and parsed there with a JSON parser written in
   * JavaScript, which takes a tenth of a second for the definitions (a megabyte) on the first
   * Kubernetes document. Undefined when unreadable (yaml-language-server then asks requestSchema()).
   */
  private bundledSchema(file: 'all.json' | '_definitions.json'): Record<string, unknown> | undefined {
    const entry = this.bundled.find((b) => b.version === this.version);
    if (!entry) return undefined;
    try {
      const schema = JSON.parse(fs.readFileSync(path.join(this.schemaDir, entry.dir, file), 'utf8')) as unknown;
      return schema && typeof schema === 'object' && !Array.isArray(schema) ? (schema as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Custom resources are checked against these CustomResourceDefinitions (objects as JSON; anything
   * else is ignored). Replaces the previous set; cheap when called again with the same objects.
   * Returns true when a custom resource schema changed (documents may need checking again).
   */
  setCustomResourceDefinitions(crds: readonly unknown[]): boolean {
    try {
      const changed = this.crds.set(crds);
      for (const url of changed) if (this.askedCrdUrls.has(url)) this.ls.resetSchema(url);
      if (changed.length) this.crdGeneration++;
      return changed.length > 0;
    } catch {
      return false; // keep the previous answers
    }
  }

  /**
   * Syntax errors and schema problems (schema problems are Warnings). Documents without
   * apiVersion/kind and unknown kinds get no schema problems.
   */
  async validate(doc: TextDocument): Promise<Diagnostic[]> {
    return (await this.validateDetailed(doc)).diagnostics;
  }

  /**
   * {@link validate}, also telling whether yaml-language-server gave up part way (a document whose
   * validation threw: it and the documents after it get no diagnostics). Validations run one at a
   * time so that this is known per call.
   */
  validateDetailed(doc: TextDocument): Promise<{ diagnostics: Diagnostic[]; aborted: boolean }> {
    const run = this.validations.then(async () => {
      this.validationAborted = false;
      try {
        const diagnostics = await this.ls.doValidation(trackedDocument(doc, this.yamlVersion), true);
        return { diagnostics: diagnostics.map((d) => this.tidyDiagnostic(d)), aborted: this.validationAborted };
      } catch {
        return { diagnostics: [], aborted: true };
      }
    });
    this.validations = run.then(() => undefined, () => undefined);
    return run;
  }

  /**
   * Validates the text of one document of `uri` (the incremental linter's unit) in a cache slot of
   * its own, so the parse of the whole file that hover and completion use stays cached.
   */
  validateDocument(uri: string, text: string): Promise<{ diagnostics: Diagnostic[]; aborted: boolean }> {
    return this.validateDetailed(TextDocument.create(documentSlot(uri), 'yaml', 0, text));
  }

  /** Field documentation for the key or value at `pos` (markdown, without the schema source line). */
  async hover(doc: TextDocument, pos: Position): Promise<Hover | null> {
    try {
      const at = documentAt(doc, pos);
      const tracked = trackedDocument(at.doc, this.yamlVersion);
      // Hover parses with default options when the text is not cached yet; parse it our way first.
      yamlDocumentsCache.getYamlDocument(tracked, { customTags: [], yamlVersion: this.yamlVersion }, true);
      const hover = await this.ls.doHover(tracked, at.pos);
      if (!hover) return null;
      const c = hover.contents;
      const empty = typeof c === 'string' ? !c.trim() : Array.isArray(c) ? c.length === 0 : !c.value.trim();
      if (empty) return null;
      return hover.range ? { ...hover, range: shiftRange(hover.range, at.line) } : hover;
    } catch {
      return null;
    }
  }

  /** Property and value suggestions from the document's Kubernetes definition. */
  async complete(doc: TextDocument, pos: Position): Promise<CompletionList> {
    try {
      const at = documentAt(doc, pos);
      const list = await this.ls.doComplete(trackedDocument(at.doc, this.yamlVersion), at.pos, true);
      if (!at.line) return list;
      for (const item of list.items) {
        const edit = item.textEdit as { range?: Range; insert?: Range; replace?: Range } | undefined;
        if (edit?.range) edit.range = shiftRange(edit.range, at.line);
        if (edit?.insert) edit.insert = shiftRange(edit.insert, at.line);
        if (edit?.replace) edit.replace = shiftRange(edit.replace, at.line);
        for (const e of item.additionalTextEdits ?? []) e.range = shiftRange(e.range, at.line);
      }
      return list;
    } catch {
      return { isIncomplete: false, items: [] };
    }
  }

  /**
   * Schema problems name the bundled schema by a (never fetched) GitHub URL: replace that with
   * `source: "kubernetes-schema"` and `data: { kubernetesVersion, definition, properties? }`.
   * Syntax problems keep yaml-language-server's `source: "YAML"`.
   */
  private tidyDiagnostic(d: Diagnostic): Diagnostic {
    const data = d.data as { schemaUri?: unknown; properties?: unknown } | undefined;
    const uris = Array.isArray(data?.schemaUri) ? (data.schemaUri as unknown[]) : [];
    const uri = uris.find((u): u is string => typeof u === 'string' && K8S_URL_RE.test(u));
    const crd = uri ? undefined : uris.find((u): u is string => typeof u === 'string' && this.crds.definitionOf(u) !== undefined);
    if (crd) {
      const crdData: KubernetesSchemaDiagnosticData = { kubernetesVersion: this.version, definition: this.crds.definitionOf(crd) };
      if (Array.isArray(data?.properties)) crdData.properties = data.properties as string[];
      return { ...d, source: KUBERNETES_SCHEMA_SOURCE, data: crdData };
    }
    if (!uri) return d;
    const fragment = /#(.*)$/.exec(uri)?.[1] ?? '';
    const definition = /^\/definitions\/(.+)$/.exec(decodeURIComponent(fragment))?.[1];
    const tidy: KubernetesSchemaDiagnosticData = { kubernetesVersion: this.version };
    if (definition) tidy.definition = definition;
    if (Array.isArray(data?.properties)) tidy.properties = data.properties as string[];
    return { ...d, source: KUBERNETES_SCHEMA_SOURCE, data: tidy };
  }

  /** Drops cached state for a closed document. */
  forget(uri: string): void {
    for (const key of [uri, documentSlot(uri)]) {
      documentStore.delete(key);
      try {
        (yamlDocumentsCache as unknown as { cache?: Map<string, unknown> }).cache?.delete(key);
      } catch {
        // best effort
      }
    }
  }

  /**
   * yaml-language-server's schema loader. Bundled files for the Kubernetes URLs; CRD-derived schemas
   * for CRD-store lookups of custom kinds; `{}` (permissive) for anything else. Never touches the network.
   */
  private async requestSchema(uri: string): Promise<string> {
    if (this.crds.owns(uri)) {
      this.askedCrdUrls.add(uri);
      return this.crds.schemaText(uri) ?? PERMISSIVE;
    }
    const m = K8S_URL_RE.exec(uri);
    if (!m) return PERMISSIVE;
    const entry = this.bundled.find((b) => b.version === `${Number(m[1])}.${Number(m[2])}`);
    if (!entry) return PERMISSIVE;
    const fragment = /#\/definitions\/(.+)$/.exec(uri);
    if (m[3] === '_definitions.json' && fragment && entry.version === this.version) {
      const closure = this.definitionClosure(decodeURIComponent(fragment[1]));
      if (closure) return closure;
    }
    const file = path.join(this.schemaDir, entry.dir, m[3]);
    let text = this.fileCache.get(file);
    if (text === undefined) {
      try {
        text = await fs.promises.readFile(file, 'utf8');
      } catch {
        text = PERMISSIVE;
      }
      this.fileCache.set(file, text);
    }
    return text;
  }
}
