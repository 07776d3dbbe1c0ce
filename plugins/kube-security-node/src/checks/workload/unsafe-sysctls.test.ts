import { parseManifestText } from '../../snapshot/parse';
import { flagged, runOn } from './__testUtils__/testing';
import { unsafeSysctlsCheck } from './unsafe-sysctls';

const checks = [unsafeSysctlsCheck];

function pod(sysctls: string) {
  return parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  securityContext:
    sysctls: ${sysctls}
  containers: [{ name: c, image: app:1 }]
`).objects;
}

describe('workload-admission-policy/unsafe-sysctls', () => {
  it('finds sysctls outside the safe set, in either spelling', () => {
    const run = runOn(
      checks,
      pod(
        '[{ name: net.ipv4.tcp_syncookies, value: "1" }, { name: kernel/msgmax, value: "65536" }, { name: net.core.somaxconn, value: "1024" }]',
      ),
    );
    expect(flagged(run)).toEqual([
      'unsafe-sysctls fail Pod/team/p @ spec.securityContext.sysctls[1].name',
    ]);
    expect(run.findings[0].message).toMatch(
      /sets kernel\.msgmax and net\.core\.somaxconn, outside the safe sysctls/,
    );
  });

  it('passes the safe set', () => {
    const run = runOn(
      checks,
      pod(
        '[{ name: net.ipv4.ip_local_port_range, value: "1024 65535" }, { name: net/ipv4/ping_group_range, value: "0 2147483647" }, { name: kernel.shm_rmid_forced, value: "1" }]',
      ),
    );
    expect(flagged(run)).toEqual([]);
  });
});
