import { defineRule } from '../../engine/rule';
import { effectiveSeccomp, isConfiningSeccomp, isWindowsPod, replaceScalar, securityFixes } from '../../languages/kubernetes/hardening';
import { containerRange } from '../../languages/kubernetes/workloads';

export default defineRule({
  id: 'kubernetes/require-seccomp-profile',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Run every container under a seccomp profile: seccompProfile.type RuntimeDefault or Localhost, on the pod or the container.',
  rationale:
    'Without a profile the kubelet runs containers Unconfined (unless the node enables SeccompDefault), so every system ' +
    'call is open, including rarely used ones (keyctl, unshare, bpf...) that many kernel privilege-escalation exploits need. ' +
    'RuntimeDefault blocks those and almost nothing an ordinary application uses; set it once in the pod\'s securityContext. ' +
    'The old seccomp.security.alpha.kubernetes.io annotations are deprecated and no longer honoured by recent Kubernetes.',
  fixable: true,
  sources: [
    { tool: 'trivy', id: 'KSV-0030', tags: ['missing', 'unconfined'] },
    { tool: 'trivy', id: 'KSV-0104', tags: ['missing', 'unconfined'] },
  ],
  messages: {
    missing: 'Container "{{name}}" runs without a seccomp profile, so every system call is open to it. Set securityContext.seccompProfile.type: RuntimeDefault on the pod.',
    unconfined: 'Container "{{name}}" runs with seccomp Unconfined, so every system call is open to it. Use RuntimeDefault or a Localhost profile.',
    invalid: 'Container "{{name}}" has seccomp profile "{{type}}", which is neither RuntimeDefault nor Localhost. Use RuntimeDefault.',
    annotation: 'Container "{{name}}" sets its seccomp profile only through the deprecated seccomp.security.alpha.kubernetes.io annotation, which recent Kubernetes no longer honours. Set securityContext.seccompProfile instead.',
  },
  examples: {
    valid: ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: nginx:1.27\n'],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seccompProfile:\n          type: Unconfined\n',
    ],
  },
  check(ctx) {
    const model = ctx.model;
    for (const c of model.containers()) {
      if (isWindowsPod(c.podSpec)) continue;
      const profile = effectiveSeccomp(c);
      const data = { name: c.name, type: profile?.type ?? '' };
      if (!profile) {
        ctx.report({ range: containerRange(model, c), messageId: 'missing', data, tags: ['missing'], fix: securityFixes(model, c.object) });
        continue;
      }
      const annotated = profile.source.endsWith('annotation');
      // Findings on a pod-wide value go on each container that inherits it, not all on one spot.
      const range = profile.source === 'container' || profile.source === 'container-annotation' ? model.rangeOf(profile.node) : containerRange(model, c);
      if (isConfiningSeccomp(profile.type)) {
        // Hardening writes the field for the profile the annotation already names, resolving this.
        if (annotated) ctx.report({ range, messageId: 'annotation', data, tags: ['annotation'], fix: securityFixes(model, c.object) });
        continue;
      }
      const narrow = annotated ? undefined : replaceScalar(model, profile.node, 'Set seccomp profile type: RuntimeDefault', 'RuntimeDefault');
      ctx.report({
        range,
        messageId: profile.type === 'Unconfined' ? 'unconfined' : 'invalid',
        data,
        tags: [profile.type === 'Unconfined' ? 'unconfined' : 'missing'],
        // A workload may need a blocked system call: the profile is a proposal to try, never fix-all.
        // Hardening never overrides an unconfined or unknown profile chosen through an annotation, so
        // it is not offered where it would not resolve the finding.
        fix: annotated ? undefined : securityFixes(model, c.object, narrow),
      });
    }
  },
});
