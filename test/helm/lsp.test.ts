/**
 * The server's `shipshape/helm/render` request, with the real Helm 3 and Helm 4: the handler
 * (settings from the server, wire findings with docs links, errors as `{ error }`), and a JSON-RPC
 * round trip over streams where the client's cancellation ($/cancelRequest) kills Helm.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { CancellationTokenSource, createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { normalizeSettings } from '../../server/src/engine/settings';
import { handleHelmRender, HELM_RENDER_REQUEST, registerHelmRequests, type HelmRenderResponse, type HelmRequestDeps } from '../../server/src/helm/lsp';
import { KubernetesYamlService } from '../../server/src/languages/kubernetes/yamlService';
import { alive, CHARTS, helmEnv, helmFor, MAJORS, scratch } from './helpers';

const yamlService = new KubernetesYamlService();
// The handler runs Helm with the server's environment: keep it off the user's Helm config and cluster.
for (const k of ['HELM_CONFIG_HOME', 'HELM_CACHE_HOME', 'HELM_DATA_HOME', 'KUBECONFIG']) process.env[k] = helmEnv()[k];
const asked: string[] = [];
const deps: HelmRequestDeps = {
  settings: async (uri) => {
    asked.push(uri);
    // Schema validation switched off as when Red Hat YAML has it: the Helm render turns it back on.
    return normalizeSettings({ rules: { 'kubernetes/no-latest-tag': 'error' }, providers: { kubernetesSchema: false } });
  },
  yaml: () => yamlService,
};

/** A chart whose template computes for minutes (a render to cancel). */
function slowChart(dir: string, name: string): string {
  const chart = path.join(dir, name);
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: slow\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(chart, 'templates', 'cm.yaml'), '{{- range until 30000 }}{{- range until 30000 }}{{- end }}{{- end }}\nkind: ConfigMap\n');
  return chart;
}

function helmPids(needle: string): number[] {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle) && pid !== process.pid; } catch { return false; }
  });
}

describe('handleHelmRender without Helm', () => {
  test('bad requests and a missing Helm come back as errors', async (t) => {
    assert.deepEqual(await handleHelmRender({ chart: '' }, undefined, deps), { error: { code: 'BAD_REQUEST', message: 'shipshape/helm/render needs a chart folder.' } });
    const r = await handleHelmRender({ chart: path.join(CHARTS, 'created'), helmPath: path.join(scratch(t), 'helm') }, undefined, deps);
    assert.ok('error' in r && r.error.code === 'HELM_NOT_FOUND' && /Install Helm 3 or 4/.test(r.error.message));
  });
});

for (const major of MAJORS) {
  describe(`shipshape/helm/render with the real Helm ${major}`, () => {
    test('the handler: server settings, schema on, wire findings with docs links', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const chart = path.join(CHARTS, 'created');
      const r = await handleHelmRender({ chart, helmPath: helm.path, options: { set: ['image.tag=latest', 'replicaCount=two'] }, timeoutSeconds: 60 }, undefined, deps);
      assert.ok('result' in r, JSON.stringify(r));
      const { result } = r;
      assert.ok(asked.includes(`file://${chart}/Chart.yaml`), 'settings asked for the chart\'s Chart.yaml');
      assert.equal(result.helm.version, helm.version);
      const latest = result.findings.find((f) => f.ruleId === 'kubernetes/no-latest-tag' && f.file?.endsWith('deployment.yaml'))!;
      assert.equal(latest.severity, 'error', 'the user\'s rule setting');
      assert.match(latest.href!, /no-latest-tag/);
      assert.equal((latest as { fixes?: unknown }).fixes, undefined, 'no rendered-text fixes on the wire');
      // replicas: "two" is a schema problem although the settings had schema validation off.
      const schema = result.findings.find((f) => f.ruleId === 'kubernetes/valid-schema');
      assert.ok(schema, 'schema validation ran');
      assert.equal(schema!.file, path.join(chart, 'templates', 'deployment.yaml'));
      assert.equal(schema!.range.start.line, 8);
      JSON.parse(JSON.stringify(r));
    });

    test('JSON-RPC round trip: the client cancels, the server kills Helm', async (t) => {
      if (process.platform !== 'linux') return t.skip('needs /proc');
      const helm = await helmFor(t, major);
      if (!helm) return;
      const toServer = new PassThrough();
      const toClient = new PassThrough();
      const server = createMessageConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
      const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
      registerHelmRequests(server, deps);
      server.listen();
      client.listen();
      t.after(() => { client.dispose(); server.dispose(); });

      // A normal render first.
      const ok = await client.sendRequest<HelmRenderResponse>(HELM_RENDER_REQUEST, { chart: path.join(CHARTS, 'broken'), helmPath: helm.path });
      assert.ok('result' in ok);
      assert.equal(ok.result.problems[0].range.start.line, 5);

      const name = `slow-rpc-${major}-${process.pid}`;
      const chart = slowChart(scratch(t), name);
      const cts = new CancellationTokenSource();
      const pending = client.sendRequest<HelmRenderResponse>(HELM_RENDER_REQUEST, { chart, helmPath: helm.path, timeoutSeconds: 120 }, cts.token);
      let pids: number[] = [];
      for (let i = 0; pids.length < 2 && i < 500; i++) { await new Promise((r) => setTimeout(r, 20)); pids = helmPids(name); }
      assert.equal(pids.length, 2, 'both renders are running');
      const cancelledAt = Date.now();
      cts.cancel();
      await assert.rejects(pending, /cancel/i);
      const until = Date.now() + 5000;
      while (pids.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(pids.filter(alive), [], 'Helm is gone');
      t.diagnostic(`Helm ${helm.version} stopped ${Date.now() - cancelledAt} ms after $/cancelRequest`);
    });

    test('timeoutSeconds stops Helm and says so', async (t) => {
      const helm = await helmFor(t, major);
      if (!helm) return;
      const chart = slowChart(scratch(t), `slow-timeout-${major}-${process.pid}`);
      const r = await handleHelmRender({ chart, helmPath: helm.path, timeoutSeconds: 1 }, undefined, deps);
      assert.ok('error' in r && r.error.code === 'HELM_TIMEOUT', JSON.stringify(r));
      assert.match(r.error.message, /did not finish within 1 s/);
    });
  });
}
