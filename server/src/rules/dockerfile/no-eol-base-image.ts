import type { From } from 'dockerfile-ast';
import { defineRule, type FixSpec } from '../../engine/rule';
import type { Range, TextEdit } from '../../engine/types';
import type { ImageReference } from '../../languages/image';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';
import data, { type EolCycle, type EolProduct } from './data/eol';

/** Names used in messages. */
const LABELS: Record<string, string> = {
  node: 'Node.js', python: 'Python', golang: 'Go', 'eclipse-temurin': 'Java', openjdk: 'Java', debian: 'Debian', ubuntu: 'Ubuntu',
  alpine: 'Alpine', php: 'PHP', ruby: 'Ruby', nginx: 'nginx',
};
/** How many dotted parts of a tag name the release line: node 22, python 3.12, debian 12. */
const DEPTH: Record<string, number> = { node: 1, 'eclipse-temurin': 1, openjdk: 1, debian: 1 };
/** Java tags: 8u402-b06, 11.0.22_7, 21. */
const JAVA_VERSION = /^(\d+)(?:u\d+(?:-b\d+)?|(?:\.\d+)*(?:_\d+)?)/;
const VERSION = /^(\d+(?:\.\d+)*)/;

/**
 * The date rules compare against: SHIPSHAPE_TODAY (YYYY-MM-DD) when set — tests and reproducible CI runs use it —
 * else today (UTC). A settings field would be the better home; see the rule's documentation.
 */
function today(): string {
  const env = typeof process !== 'undefined' ? process.env.SHIPSHAPE_TODAY : undefined;
  if (env && /^\d{4}-\d{2}-\d{2}$/.test(env)) return env;
  return new Date().toISOString().slice(0, 10);
}

interface Parsed {
  name: string;
  product: EolProduct;
  cycle: EolCycle;
  /** The part of the tag that names the version ("14.21.3", "bookworm"). */
  version: string;
  /** What follows it ("-alpine", "-slim-bullseye"). */
  suffix: string;
  codenameForm: boolean;
}

function productOf(image: ImageReference): [string, EolProduct] | undefined {
  if (image.registry && !/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)$/.test(image.registry)) return undefined;
  const repo = image.repository.toLowerCase().replace(/^library\//, '');
  for (const [name, product] of Object.entries(data.products)) if (product.images.includes(repo)) return [name, product];
  return undefined;
}

function parse(image: ImageReference): Parsed | undefined {
  const found = productOf(image);
  if (!found || !image.tag) return undefined;
  const [name, product] = found;
  const tag = image.tag.toLowerCase();
  const byCodename = product.cycles.find((c) => c.codename && new RegExp(`^${c.codename}(?=$|[-._])`).test(tag));
  if (byCodename) return { name, product, cycle: byCodename, version: byCodename.codename!, suffix: image.tag.slice(byCodename.codename!.length), codenameForm: true };
  const m = (name === 'eclipse-temurin' || name === 'openjdk' ? JAVA_VERSION : VERSION).exec(tag);
  if (!m) return undefined;
  const parts = m[1].split('.');
  const depth = DEPTH[name] ?? 2;
  // `python:3` or `nginx:1` follow the newest release: they are never end of life.
  if (parts.length < depth) return undefined;
  const cycle = product.cycles.find((c) => c.cycle === parts.slice(0, depth).join('.'));
  if (!cycle) return undefined;
  return { name, product, cycle, version: m[0], suffix: image.tag.slice(m[0].length), codenameForm: false };
}

const isEol = (c: EolCycle, now: string) => c.eol !== null && c.eol <= now;

/** Drops parts of a variant that are end of life themselves: `-slim-buster` -> `-slim`, `-alpine3.16` -> `-alpine`. */
function freshSuffix(suffix: string, now: string): string {
  const distro = (name: string) => data.products[name]?.cycles ?? [];
  const parts = suffix.split('-').map((part) => {
    const p = part.toLowerCase();
    const alpine = /^alpine(\d+\.\d+)$/.exec(p);
    if (alpine) {
      const c = distro('alpine').find((x) => x.cycle === alpine[1]);
      return c && isEol(c, now) ? 'alpine' : part;
    }
    const old = [...distro('debian'), ...distro('ubuntu')].find((c) => c.codename === p);
    return old && isEol(old, now) ? undefined : part;
  });
  return parts.filter((p) => p !== undefined).join('-');
}

/** The newest supported release lines (LTS ones when the product has them), at most two. */
function supported(product: EolProduct, now: string): EolCycle[] {
  const live = product.cycles.filter((c) => c.release <= now && !isEol(c, now)).sort((a, b) => b.release.localeCompare(a.release));
  const lts = live.filter((c) => c.lts === true || (typeof c.lts === 'string' && c.lts <= now));
  return (product.cycles.some((c) => c.lts !== undefined) && lts.length ? lts : live).slice(0, 2);
}

interface Alternative {
  /** The new image text (repository:tag) for messages and titles. */
  image: string;
  /** The new tag, or the new repository:tag when the repository changes. */
  text: string;
  replacesName: boolean;
}

function alternatives(p: Parsed, image: ImageReference, now: string): Alternative[] {
  const replacement = p.product.replacement ? data.products[p.product.replacement] : undefined;
  if (replacement) {
    // openjdk -> eclipse-temurin: keep JRE/JDK and Alpine, the rest of the variant has no equivalent.
    const kind = /jre/i.test(p.suffix) ? '-jre' : '-jdk';
    const variant = kind + (/alpine/i.test(p.suffix) ? '-alpine' : '');
    return supported(replacement, now).map((c) => ({ image: `${p.product.replacement}:${c.cycle}${variant}`, text: `${p.product.replacement}:${c.cycle}${variant}`, replacesName: true }));
  }
  const suffix = freshSuffix(p.suffix, now);
  const repo = image.repository.replace(/^library\//, '');
  return supported(p.product, now).map((c) => {
    const tag = (p.codenameForm && c.codename ? c.codename : c.cycle) + suffix;
    return { image: `${repo}:${tag}`, text: tag, replacesName: false };
  });
}

/** Where a new tag goes: the FROM tag itself, or the default of the global ARG it comes from (`node:${NODE}-alpine`). */
function tagEdit(model: DockerfileModel, stage: Stage, p: Parsed, alt: Alternative, now: string): TextEdit | undefined {
  const from: From = stage.from;
  const rawTag = from.getImageTag() ?? '';
  const rawName = from.getImageName() ?? '';
  if (from.getImageDigest() || rawName.includes('$')) return undefined;
  if (alt.replacesName) {
    const range = from.getImageRange();
    return range && !rawTag.includes('$') ? { range, newText: alt.text } : undefined;
  }
  if (!rawTag.includes('$')) {
    const range = from.getImageTagRange();
    return range ? { range, newText: alt.text } : undefined;
  }
  // `${VAR}` or `${VAR}<literal>` whose global ARG default holds the version: edit the ARG.
  const v = /^\$(?:\{(\w+)\}|(\w+))(.*)$/.exec(rawTag);
  if (!v || v[3].includes('$')) return undefined;
  const varName = v[1] ?? v[2];
  const literal = v[3];
  const arg = [...model.ast.getInitialARGs()].reverse().map((a) => a.getProperty()).find((prop) => prop?.getName() === varName);
  const valueRange: Range | null | undefined = arg?.getValueRange();
  const value = arg?.getValue();
  if (!arg || !valueRange || value === null || value === undefined) return undefined;
  if (literal === '') return value === p.version + p.suffix ? { range: valueRange, newText: alt.text } : undefined;
  // The literal part of the tag stays in FROM, so it must not need changing.
  if (value !== p.version || freshSuffix(p.suffix, now) !== p.suffix) return undefined;
  return { range: valueRange, newText: alt.text.slice(0, alt.text.length - p.suffix.length) };
}

export default defineRule({
  id: 'dockerfile/no-eol-base-image',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Build on base image versions that are still supported (not end of life).',
  rationale:
    'Once a runtime or distribution version reaches end of life, nobody fixes its vulnerabilities any more: every new CVE ' +
    'stays open in your image for good, scanners flag it, and the eventual upgrade grows harder. The rule knows the release ' +
    'lines of node, python, golang, eclipse-temurin/openjdk, debian, ubuntu, alpine, php, ruby and nginx from a dated table ' +
    'in the repository (refreshed by scripts/refresh-eol.mjs from endoflife.date); tags like `python:3` that follow the ' +
    'newest release are never reported. Set SHIPSHAPE_TODAY=YYYY-MM-DD to evaluate it at a fixed date.',
  fixable: true,
  sources: [],
  messages: {
    eol: '{{image}} is end of life: {{product}} {{cycle}} has had no security fixes since {{date}}. Move to a supported version{{suggestion}}.',
    deprecated: '{{image}} is end of life: the openjdk image stopped receiving updates for Java {{cycle}} on {{date}} and is deprecated. Use eclipse-temurin{{suggestion}}.',
  },
  examples: {
    valid: ['FROM node:lts-alpine\n', 'FROM python:3-slim\n'],
    invalid: ['FROM node:14-alpine\n', 'FROM python:3.7-slim-buster\n', 'FROM golang:1.19 AS build\nRUN go build ./...\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const now = today();
    for (const stage of model.stages) {
      const image = stage.image;
      if (!image || stage.parentStage) continue;
      const p = parse(image);
      if (!p || !isEol(p.cycle, now)) continue;
      const range = stage.from.getImageRange();
      if (!range) continue;
      const alts = alternatives(p, image, now);
      const fixes: FixSpec[] = [];
      for (const alt of alts) {
        const edit = tagEdit(model, stage, p, alt, now);
        // Another version can break the build or the app: offered, never applied by fix-all.
        if (edit) fixes.push({ title: `Use ${alt.image}`, edits: [edit], safe: false });
      }
      const display = (image.registry ? image.registry + '/' : '') + image.repository + ':' + image.tag;
      ctx.report({
        range,
        messageId: p.product.replacement ? 'deprecated' : 'eol',
        data: {
          image: display,
          product: LABELS[p.name] ?? p.name,
          cycle: p.cycle.cycle,
          date: p.cycle.eol ?? '',
          suggestion: alts.length ? `: ${alts.map((a) => a.image).join(' or ')}` : '',
        },
        fix: fixes.length ? fixes : undefined,
      });
    }
  },
});
