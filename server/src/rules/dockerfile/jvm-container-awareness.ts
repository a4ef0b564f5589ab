import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { Range } from '../../engine/types';
import type { ImageReference } from '../../languages/image';
import type { DockerfileModel, Stage } from '../../languages/dockerfile/model';
import { parseRun } from '../../languages/dockerfile/shell';

/** A fixed heap: -Xmx512m, -Xms1g, -Xmx2048M. */
const HEAP = /^-Xm[xs]\d+[kKmMgGtT]?$/;
/** Variables the JVM or common launchers read options from. */
const OPTION_VARS = /^(JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|(\w+_)?JAVA_OPTS|CATALINA_OPTS|JVM_OPTS)$/;
const JAVA_REPO = /(^|\/|-)(openjdk\d*|java|jdk|jre|temurin|adoptopenjdk|corretto|zulu[\w-]*)$/;

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

function chain(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s && out.length < 100; s = s.parentStage) out.unshift(s);
  return out;
}

/** Why an image's JVM cannot see container limits (Java before 8u191, 9, and the retired `java` image), or undefined. */
function oldJvm(image: ImageReference): string | undefined {
  const official = !image.registry || image.registry === 'docker.io';
  const repo = image.repository.toLowerCase().replace(/^library\//, '');
  const tag = (image.tag ?? '').toLowerCase();
  if (official && repo === 'java') return 'the retired `java` image (Java 8u111 at best)';
  if (!JAVA_REPO.test(repo)) return undefined;
  const update = /^(?:jdk)?8u(\d+)/.exec(tag);
  if (update && Number(update[1]) < 191) return `Java 8u${update[1]}`;
  const major = /^(\d+)(?=$|[-.])/.exec(tag);
  if (official && repo === 'openjdk' && major && (Number(major[1]) <= 7 || Number(major[1]) === 9)) return `Java ${major[1]}`;
  return undefined;
}

/** Where `token` sits inside `range` of the document, or the whole range. */
function tokenRange(model: DockerfileModel, range: Range, token: string): Range {
  const start = model.lines.offsetAt(range.start);
  const text = model.text.slice(start, model.lines.offsetAt(range.end));
  const i = text.indexOf(token);
  return i < 0 ? range : model.lines.range(start + i, start + i + token.length);
}

function jsonString(model: DockerfileModel, r: Range): string | undefined {
  try {
    const v = JSON.parse(model.text.slice(model.lines.offsetAt(r.start), model.lines.offsetAt(r.end))) as unknown;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** -Xmx/-Xms given to `java` by CMD/ENTRYPOINT (shell or JSON form, `sh -c "java …"` included). */
function heapFlagsInCommand(model: DockerfileModel, instr: Instruction): { flag: string; range: Range }[] {
  const script = parseRun(model, instr);
  const out: { flag: string; range: Range }[] = [];
  if (!script.execForm) {
    for (const c of script.commands) {
      // `java …`, or behind `exec`, `nohup`, `tini --`…
      const words = [c.nameWord, ...c.args];
      const java = words.findIndex((w) => baseName(w.value) === 'java');
      if (java < 0 || java > 3) continue;
      for (const a of words.slice(java + 1)) if (HEAP.test(a.value)) out.push({ flag: a.value, range: a.range });
    }
    return out;
  }
  const strings = (instr as unknown as { getJSONStrings(): { getRange(): Range }[] }).getJSONStrings();
  let sawJava = false;
  for (const s of strings) {
    const value = jsonString(model, s.getRange()) ?? '';
    for (const token of value.split(/\s+/)) {
      if (baseName(token) === 'java') sawJava = true;
      else if (sawJava && HEAP.test(token)) out.push({ flag: token, range: value === token ? s.getRange() : tokenRange(model, s.getRange(), token) });
    }
  }
  return out;
}

export default defineRule({
  id: 'dockerfile/jvm-container-awareness',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Run Java on a container-aware JVM (8u191+) and size the heap with -XX:MaxRAMPercentage rather than a fixed -Xmx.',
  rationale:
    'A JVM older than 8u191 does not see the container\'s memory limit: it sizes its heap from the node\'s memory and is ' +
    'OOM-killed as soon as it grows. A fixed -Xmx/-Xms baked into the image has the same problem the other way round: the ' +
    'heap no longer follows the limit set at deploy time, so lowering the limit kills the pod and raising it wastes memory. ' +
    '-XX:MaxRAMPercentage=75 keeps the heap a share of whatever limit the container gets.',
  fixable: false,
  sources: [],
  messages: {
    oldJvm: 'The image runs {{why}}, which ignores container memory and CPU limits and is OOM-killed under them. Use a current base such as eclipse-temurin:21-jre (or eclipse-temurin:8-jre).',
    heapPinned: '{{flag}} pins the heap size in the image, so it does not follow the container\'s memory limit (too low a limit gets the JVM OOM-killed). Use -XX:MaxRAMPercentage=75 instead.',
  },
  examples: {
    valid: ['FROM eclipse-temurin:21-jre\nENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"\nCMD ["java", "-jar", "/app.jar"]\n', 'FROM maven:3-jdk-8 AS build\nRUN mvn -q package\nFROM eclipse-temurin:8-jre\nCMD ["java", "-jar", "/app.jar"]\n'],
    invalid: ['FROM openjdk:8u181-jre\nCMD ["java", "-jar", "/app.jar"]\n', 'FROM eclipse-temurin:21-jre\nCMD ["java", "-Xmx512m", "-jar", "/app.jar"]\n'],
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.finalStage;
    if (!final) return;
    const stages = chain(final);
    const imageStage = [...stages].reverse().find((s) => s.image);
    const why = imageStage?.image && oldJvm(imageStage.image);
    const imageRange = imageStage?.from.getImageRange();
    if (why && imageRange) ctx.report({ range: imageRange, messageId: 'oldJvm', data: { why } });
    for (const s of stages) {
      for (const instr of s.instructions) {
        const keyword = instr.getKeyword();
        if (keyword === 'ENV') {
          for (const p of (instr as unknown as { getProperties(): { getName(): string; getValue(): string | null; getValueRange(): Range | null }[] }).getProperties()) {
            const range = p.getValueRange();
            if (!OPTION_VARS.test(p.getName()) || !range) continue;
            for (const token of (p.getValue() ?? '').replace(/^(["'])(.*)\1$/s, '$2').split(/\s+/)) {
              if (HEAP.test(token)) ctx.report({ range: tokenRange(model, range, token), messageId: 'heapPinned', data: { flag: token } });
            }
          }
        } else if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
          for (const hit of heapFlagsInCommand(model, instr)) ctx.report({ range: hit.range, messageId: 'heapPinned', data: { flag: hit.flag } });
        }
      }
    }
  },
});
