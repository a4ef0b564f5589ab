import { isSeq, type Node, type YAMLSeq } from 'yaml';
import { defineRule, type FixSpec } from '../../engine/rule';
import type { TextEdit } from '../../engine/types';
import { getMap, getPair, scalarValue, type KubernetesModel } from '../../languages/kubernetes/model';
import { BASELINE_ADDABLE_CAPABILITIES, isWindowsPod, normalizeCapability, securityFixes } from '../../languages/kubernetes/hardening';

/**
 * Edits that remove item `i` of a sequence: its whole line in block style (the last one leaves
 * `add: []`, as the schema wants a list), its entry in a one-line flow list.
 */
function removeItem(model: KubernetesModel, seq: YAMLSeq, i: number, keyEnd: number | undefined): TextEdit[] | undefined {
  const items = seq.items as Node[];
  const item = items[i];
  if (!item?.range || !seq.range) return undefined;
  if (seq.flow) {
    const src = model.text.slice(seq.range[0], seq.range[1]);
    if (/[\n\r#]/.test(src)) return undefined;
    if (items.length === 1) return [{ range: model.rangeOf(seq), newText: '[]' }];
    const [from, to] = i < items.length - 1 ? [item.range[0], items[i + 1].range![0]] : [items[i - 1].range![1], item.range[1]];
    return [{ range: model.lines.range(from, to), newText: '' }];
  }
  const pos = model.lines.positionAt(item.range[0]);
  const line = model.lines.lineText(pos.line);
  if (!/^\s*-\s+[^\s#]+\s*(#.*)?$/.test(line) || pos.line + 1 >= model.lines.lineCount) return undefined;
  const edits: TextEdit[] = [{ range: { start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } }, newText: '' }];
  if (items.length === 1) {
    if (keyEnd === undefined || model.text[keyEnd] !== ':') return undefined;
    const at = model.lines.positionAt(keyEnd + 1);
    edits.push({ range: { start: at, end: at }, newText: ' []' });
  }
  return edits;
}

/** Edits that empty a block or one-line flow sequence to `[]`, or undefined when that is not safe. */
function removeAll(model: KubernetesModel, seq: YAMLSeq, keyEnd: number | undefined): TextEdit[] | undefined {
  if (!seq.range) return undefined;
  if (seq.flow) {
    const src = model.text.slice(seq.range[0], seq.range[1]);
    return /[\n\r#]/.test(src) ? undefined : [{ range: model.rangeOf(seq), newText: '[]' }];
  }
  if (keyEnd === undefined || model.text[keyEnd] !== ':') return undefined;
  const items = seq.items as Node[];
  const first = model.lines.positionAt(items[0].range![0]).line;
  const last = model.lines.positionAt(items[items.length - 1].range![1]).line;
  for (let l = first; l <= last; l++) if (!/^\s*-\s+[^\s#]+\s*(#.*)?$/.test(model.lines.lineText(l))) return undefined;
  if (last + 1 >= model.lines.lineCount) return undefined;
  const at = model.lines.positionAt(keyEnd + 1);
  return [
    { range: { start: at, end: at }, newText: ' []' },
    { range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' },
  ];
}

export default defineRule({
  id: 'kubernetes/no-dangerous-capabilities',
  language: 'kubernetes',
  defaultSeverity: 'error',
  description: 'Do not add Linux capabilities beyond the Pod Security Standards\' baseline set (no SYS_ADMIN, NET_ADMIN, NET_RAW, SYS_PTRACE, SYS_MODULE, ALL...).',
  rationale:
    'Capabilities such as SYS_ADMIN, SYS_MODULE, SYS_PTRACE or ALL are nearly as strong as privileged mode: they let a ' +
    'process mount filesystems, load kernel modules or read other processes\' memory, and escape to the node. NET_ADMIN ' +
    'and NET_RAW let it rewrite the node\'s networking or spoof traffic. The baseline Pod Security Standard allows only ' +
    'AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT.',
  fixable: true,
  sources: [
    { tool: 'polaris', id: 'dangerousCapabilities', tags: ['ALL', 'SYS_ADMIN', 'NET_ADMIN'] },
    { tool: 'kube-linter', id: 'drop-net-raw-capability', tags: ['ALL', 'NET_RAW'] },
    { tool: 'trivy', id: 'KSV-0005', tags: ['ALL', 'SYS_ADMIN'] },
    { tool: 'trivy', id: 'KSV-0119', tags: ['ALL', 'NET_RAW'] },
    { tool: 'trivy', id: 'KSV-0120', tags: ['ALL', 'SYS_MODULE'] },
  ],
  messages: {
    dangerous: 'Container "{{name}}" adds capability {{capability}}, beyond the baseline set, which widens what an intruder can do to the node. Remove it, or grant a narrower one.',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: [ALL]\n          add: [NET_BIND_SERVICE]\n'],
    invalid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          add: [SYS_ADMIN]\n'],
  },
  check(ctx) {
    const model = ctx.model;
    for (const c of model.containers()) {
      if (isWindowsPod(c.podSpec)) continue;
      const caps = getMap(getMap(c.map, 'securityContext'), 'capabilities');
      const addPair = caps && getPair(caps, 'add');
      const add = addPair?.value;
      if (!isSeq(add)) continue;
      const dangerous = add.items.map((item) => normalizeCapability(scalarValue(item))).map((cap) => !!cap && !BASELINE_ADDABLE_CAPABILITIES.includes(cap));
      // When every added capability is dangerous, removing them one by one would leave `add:` empty
      // (null, which the schema rejects): each finding then offers the same edit emptying the list.
      const all = dangerous.length > 1 && dangerous.every(Boolean) ? removeAll(model, add, addPair?.key?.range?.[1]) : undefined;
      add.items.forEach((item, i) => {
        const cap = normalizeCapability(scalarValue(item));
        if (!cap || !dangerous[i]) return;
        const remove = all ?? removeItem(model, add, i, addPair?.key?.range?.[1]);
        // The workload may really need it (a CNI plugin, a debugger): removing it is a deliberate choice.
        const title = all ? 'Remove the added capabilities' : `Remove ${cap} from capabilities.add`;
        const narrow: FixSpec | undefined = remove ? { title, edits: remove, safe: false } : undefined;
        const harden = securityFixes(model, c.object) ?? [];
        ctx.report({
          range: model.rangeOf(item as Node),
          messageId: 'dangerous',
          data: { name: c.name, capability: cap },
          tags: [cap],
          fix: narrow || harden.length ? [...(narrow ? [narrow] : []), ...harden] : undefined,
        });
      });
    }
  },
});
