import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { defineRule } from '../../engine/rule';
import type { Range } from '../../engine/types';
import { getMap, getNode, getScalar, type ContainerRef, type KubernetesModel } from '../../languages/kubernetes/model';
import { containerRange, isSidecar } from '../../languages/kubernetes/workloads';

/** Images that ship a JVM, by name or tag. */
const JAVA_IMAGE = /openjdk|temurin|corretto|zulu|semeru|liberica|sapmachine|graalvm|distroless\/java|(^|[/:_.-])(jdk|jre)/;
const JAVA_COMMAND = /(^|[\s/"'])java($|\s)/;
/** Environment variables the JVM (or common launch scripts) read options from. */
const OPTION_VARS = new Set(['JAVA_OPTS', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'JAVA_OPTIONS', 'JVM_OPTS', 'CATALINA_OPTS']);

/** Bytes of a Kubernetes quantity (`512Mi`, `1G`) or a JVM size (`512m`, `2g`); undefined if unreadable. */
export function parseBytes(text: string, jvm = false): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2];
  const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  const decimal: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  const jvmUnits: Record<string, number> = { k: 2 ** 10, K: 2 ** 10, m: 2 ** 20, M: 2 ** 20, g: 2 ** 30, G: 2 ** 30, t: 2 ** 40, T: 2 ** 40 };
  if (!unit) return n;
  const factor = jvm ? jvmUnits[unit] : binary[unit] ?? decimal[unit];
  return factor ? n * factor : undefined;
}

interface Flag {
  text: string;
  node: Scalar;
}

/** Every JVM option token in the container's command, args and option variables. */
function jvmFlags(c: ContainerRef): Flag[] {
  const out: Flag[] = [];
  const scan = (node: unknown) => {
    if (!isScalar(node) || typeof node.value !== 'string') return;
    for (const token of node.value.split(/[\s"']+/)) if (/^-(Xm[xs]|XX:)/.test(token)) out.push({ text: token, node });
  };
  for (const key of ['command', 'args']) {
    const v = getNode(c.map, key);
    for (const item of isSeq(v) ? v.items : [v]) scan(item);
  }
  const env = getNode(c.map, 'env');
  for (const e of isSeq(env) ? env.items : []) {
    if (isMap(e) && OPTION_VARS.has(String(getScalar(e, 'name')))) scan(getNode(e, 'value'));
  }
  return out;
}

function isJava(c: ContainerRef): boolean {
  const image = getScalar(c.map, 'image');
  if (typeof image === 'string' && JAVA_IMAGE.test(image.toLowerCase())) return true;
  for (const key of ['command', 'args']) {
    const v = getNode(c.map, key);
    const first = isSeq(v) ? v.items : [v];
    if (first.some((i) => isScalar(i) && typeof i.value === 'string' && JAVA_COMMAND.test(i.value))) return true;
  }
  // A custom image built on a JDK says so only through its JVM options.
  return jvmFlags(c).length > 0;
}

/** The range of `token` inside a scalar's source text, or the whole scalar. */
function tokenRange(model: KubernetesModel, node: Node, token: string): Range {
  const r = node.range;
  if (!r) return model.rangeOf(node);
  const at = model.text.slice(r[0], r[1]).indexOf(token);
  return at >= 0 ? model.lines.range(r[0] + at, r[0] + at + token.length) : model.rangeOf(node);
}

export default defineRule({
  id: 'kubernetes/jvm-container-awareness',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Size a Java container\'s heap from its memory limit (-XX:MaxRAMPercentage), not with a fixed -Xmx.',
  rationale:
    'The JVM only knows the memory it may use from the container\'s limit. A fixed -Xmx ignores it: set near or above the ' +
    'limit, heap plus metaspace, threads and buffers exceed it and the kernel OOM-kills the pod with no Java error; set far ' +
    'below, memory is wasted, and every change of the limit needs a second edit. -XX:MaxRAMPercentage=75.0 follows the ' +
    'limit. Without any memory limit the JVM sizes its heap from the whole node.',
  fixable: false,
  sources: [],
  messages: {
    pinnedHeap: 'Java container "{{name}}" pins its heap with {{flag}}, which does not follow its memory limit. Use -XX:MaxRAMPercentage=75.0 instead.',
    heapOverLimit: 'Java container "{{name}}" sets {{flag}} but its memory limit is {{limit}}: heap plus non-heap memory exceeds it and the pod gets OOM-killed. Lower the heap or use -XX:MaxRAMPercentage=75.0.',
    containerSupportOff: 'Java container "{{name}}" turns container support off ({{flag}}), so the JVM sizes itself from the node, not its limit. Remove the flag.',
    noMemoryLimit: 'Java container "{{name}}" has no memory limit, so the JVM sizes its heap from the whole node\'s memory. Set a memory limit and -XX:MaxRAMPercentage.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: eclipse-temurin:21-jre\n      env:\n        - name: JAVA_TOOL_OPTIONS\n          value: -XX:MaxRAMPercentage=75.0\n      resources:\n        limits: {memory: 1Gi}\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: eclipse-temurin:21-jre\n      env:\n        - name: JAVA_OPTS\n          value: -Xms512m -Xmx2g\n      resources:\n        limits: {memory: 1Gi}\n',
    ],
  },
  check(ctx) {
    for (const c of ctx.model.containers(['containers', 'initContainers'])) {
      if ((c.field === 'initContainers' && !isSidecar(c)) || !isJava(c)) continue;
      const flags = jvmFlags(c);
      const limitText = getScalar(getMap(getMap(c.map, 'resources'), 'limits'), 'memory');
      const limit = typeof limitText === 'string' || typeof limitText === 'number' ? parseBytes(String(limitText)) : undefined;
      const off = flags.find((f) => f.text === '-XX:-UseContainerSupport');
      if (off) {
        ctx.report({ range: tokenRange(ctx.model, off.node, off.text), messageId: 'containerSupportOff', data: { name: c.name, flag: off.text } });
        continue;
      }
      const xmx = [...flags].reverse().find((f) => f.text.startsWith('-Xmx'));
      const percentage = flags.some((f) => /^-XX:(MaxRAMPercentage|MaxRAM)=/.test(f.text));
      if (xmx) {
        const bytes = parseBytes(xmx.text.slice(4), true);
        const range = tokenRange(ctx.model, xmx.node, xmx.text);
        // Heap needs headroom: metaspace, thread stacks, code cache and direct buffers live outside it.
        if (bytes !== undefined && limit !== undefined && bytes >= limit * 0.9) {
          ctx.report({ range, messageId: 'heapOverLimit', data: { name: c.name, flag: xmx.text, limit: String(limitText) } });
        } else if (!percentage) {
          ctx.report({ range, messageId: 'pinnedHeap', data: { name: c.name, flag: xmx.text } });
        }
        continue;
      }
      if (limit === undefined && limitText === undefined) {
        ctx.report({ range: containerRange(ctx.model, c), messageId: 'noMemoryLimit', data: { name: c.name } });
      }
    }
  },
});
