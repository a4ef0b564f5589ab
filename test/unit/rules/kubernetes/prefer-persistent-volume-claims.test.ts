import rule from '../../../../server/src/rules/kubernetes/prefer-persistent-volume-claims';
import { run } from '../../../helpers/ruleTester';

const pod = (volumes: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n  volumes:\n${volumes}`;

run(rule, {
  valid: [
    pod('    - name: config\n      configMap: {name: app}\n    - name: tmp\n      emptyDir: {}\n    - name: creds\n      secret: {secretName: app}\n    - name: scratch\n      ephemeral:\n        volumeClaimTemplate:\n          spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n    - name: vault\n      csi: {driver: secrets-store.csi.k8s.io}\n    - name: tokens\n      projected: {sources: []}\n'),
    { name: 'hostPath is kubernetes/no-host-path\'s', code: pod('    - name: logs\n      hostPath: {path: /var/log}\n') },
    { name: 'a name alone', code: pod('    - name: empty\n') },
    {
      name: 'PersistentVolumes are where backends belong',
      code: 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv}\nspec:\n  capacity: {storage: 10Gi}\n  accessModes: [ReadWriteMany]\n  nfs: {server: 10.0.0.5, path: /exports}\n',
    },
  ],
  invalid: [
    {
      code: pod('    - name: shared\n      [|nfs|]: # the old NAS\n        server: 10.0.0.5\n        path: /exports/app\n    - name: disk\n      [|awsElasticBlockStore|]:\n        volumeID: vol-0abc\n'),
      errors: ['storage', 'storage'],
    },
    {
      name: 'gitRepo and flexVolume in a StatefulSet',
      code: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  serviceName: s\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n      volumes:\n        - {name: src, [|gitRepo|]: {repository: "https://example.com/app.git"}}\n        - name: fv\n          [|flexVolume|]:\n            driver: example/lvm\n',
      errors: ['gitRepo', 'flexVolume'],
    },
    {
      name: 'CronJob, four-space indentation',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n    name: backup\nspec:\n    schedule: "@daily"\n    jobTemplate:\n        spec:\n            template:\n                spec:\n                    restartPolicy: Never\n                    containers:\n                        -   name: backup\n                            image: backup:1.0\n                    volumes:\n                        -   name: target\n                            [|scaleIO|]:\n                                system: scaleio\n',
      errors: ['storage'],
    },
  ],
});
