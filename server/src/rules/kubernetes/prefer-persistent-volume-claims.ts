import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { defineRule } from '../../engine/rule';
import { getNode, getScalar } from '../../languages/kubernetes/model';

/**
 * Volume sources that mount storage straight from the pod spec (the in-tree plugins). hostPath is
 * left to kubernetes/no-host-path; configMap, secret, downwardAPI, projected, emptyDir, csi,
 * ephemeral, persistentVolumeClaim (and image) are what the restricted Pod Security profile allows.
 */
const STORAGE = new Set([
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'fc', 'flocker', 'gcePersistentDisk', 'glusterfs',
  'iscsi', 'nfs', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
]);

export default defineRule({
  id: 'kubernetes/prefer-persistent-volume-claims',
  language: 'kubernetes',
  defaultSeverity: 'warning',
  description: 'Mount storage through PersistentVolumeClaims, not volume plugins written into the pod spec.',
  rationale:
    'A pod that names its NFS server, cloud disk or Ceph pool directly ties the manifest to one storage backend and its ' +
    'credentials, cannot be moved between clusters, and is rejected by the restricted Pod Security profile; most of these ' +
    'in-tree plugins are deprecated, and the cloud-disk ones now work only through their CSI drivers. A PersistentVolumeClaim ' +
    'asks for storage by size and class and leaves the backend to the cluster. gitRepo (deprecated) and flexVolume ' +
    '(superseded by CSI) are reported too.',
  fixable: false,
  sources: [{ tool: 'trivy', id: 'KSV-0028' }],
  messages: {
    storage: 'Volume "{{volume}}" mounts {{type}} storage directly from the pod spec. Claim it with a PersistentVolumeClaim (or a CSI driver) instead.',
    gitRepo: 'Volume "{{volume}}" uses the deprecated gitRepo volume, which runs git on the node as root. Clone the repository in an init container into an emptyDir instead.',
    flexVolume: 'Volume "{{volume}}" uses a FlexVolume driver, which is deprecated and must be installed on every node. Use the CSI driver of that storage instead.',
  },
  examples: {
    valid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      volumeMounts: [{name: data, mountPath: /data}]\n  volumes:\n    - name: data\n      persistentVolumeClaim:\n        claimName: app-data\n',
    ],
    invalid: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      volumeMounts: [{name: data, mountPath: /data}]\n  volumes:\n    - name: data\n      nfs:\n        server: 10.0.0.5\n        path: /exports/app\n',
    ],
  },
  check(ctx) {
    for (const o of ctx.model.objects) {
      const volumes = getNode(ctx.model.podSpec(o), 'volumes');
      if (!isSeq(volumes)) continue;
      for (const v of volumes.items) {
        if (!isMap(v)) continue;
        const name = getScalar(v, 'name');
        for (const pair of v.items as Pair<Node, Node>[]) {
          const type = isScalar(pair.key) ? String(pair.key.value) : '';
          const messageId = STORAGE.has(type) ? 'storage' : type === 'gitRepo' ? 'gitRepo' : type === 'flexVolume' ? 'flexVolume' : undefined;
          if (!messageId) continue;
          ctx.report({
            range: ctx.model.rangeOf(pair.key),
            messageId,
            data: { volume: typeof name === 'string' ? name : '(unnamed)', type },
          });
        }
      }
    }
  },
});
