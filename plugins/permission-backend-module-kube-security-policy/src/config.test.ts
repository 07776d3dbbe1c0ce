import { ConfigReader } from '@backstage/config';
import { readKubeSecurityPolicyConfig } from './config';

type JsonValue = NonNullable<
  ConstructorParameters<typeof ConfigReader>[0]
>[string];

function read(securityGroups: JsonValue) {
  return readKubeSecurityPolicyConfig(
    new ConfigReader({
      kubeSecurity: { permissionPolicy: { securityGroups } },
    }),
  );
}

describe('readKubeSecurityPolicyConfig', () => {
  it('defaults to group:default/security', () => {
    expect(readKubeSecurityPolicyConfig(new ConfigReader({}))).toEqual({
      securityGroups: ['group:default/security'],
    });
  });

  it('canonicalizes refs: group is the default kind, default the default namespace', () => {
    expect(
      read([
        'group:default/security',
        'Group:Ops/SRE',
        'auditors',
        'group:compliance',
        'user:default/ciso',
      ]),
    ).toEqual({
      securityGroups: [
        'group:default/security',
        'group:ops/sre',
        'group:default/auditors',
        'group:default/compliance',
        'user:default/ciso',
      ],
    });
  });

  it('drops duplicates that differ only in spelling', () => {
    expect(read(['security', 'group:default/Security'])).toEqual({
      securityGroups: ['group:default/security'],
    });
  });

  it('reads readOwnedOnly, and rejects a value that is not a boolean', () => {
    expect(
      readKubeSecurityPolicyConfig(
        new ConfigReader({
          kubeSecurity: { permissionPolicy: { readOwnedOnly: true } },
        }),
      ),
    ).toEqual({
      securityGroups: ['group:default/security'],
      readOwnedOnly: true,
    });
    expect(() =>
      readKubeSecurityPolicyConfig(
        new ConfigReader({
          kubeSecurity: { permissionPolicy: { readOwnedOnly: 'yes please' } },
        }),
      ),
    ).toThrow(/readOwnedOnly/);
  });

  it('accepts an empty list: only owners may act', () => {
    expect(read([])).toEqual({ securityGroups: [] });
  });

  it.each([
    ['group:default/', 'is not an entity ref'],
    ['group:', 'is not an entity ref'],
    [
      'component:default/security',
      'has kind "component", which never appears in a user\'s ownership refs',
    ],
    ['group:default/sec team', 'has an invalid name "sec team"'],
    ['group:my_ns/security', 'has an invalid namespace "my_ns"'],
  ])('rejects %j, naming the key and the value', (bad, problem) => {
    expect(() => read([bad])).toThrow(
      `Invalid config kubeSecurity.permissionPolicy.securityGroups[0]: "${bad}" ${problem}`,
    );
  });

  it('rejects an empty ref, naming the key', () => {
    expect(() => read(['security', ''])).toThrow(
      "Invalid type in config for key 'kubeSecurity.permissionPolicy.securityGroups[1]'",
    );
  });

  it('names the position of the bad entry', () => {
    expect(() => read(['security', 'team a'])).toThrow(
      'Invalid config kubeSecurity.permissionPolicy.securityGroups[1]: "team a" has an invalid name "team a"; expected an entity ref such as group:default/security',
    );
  });

  it('rejects a value that is not a list of strings, naming the key', () => {
    expect(() => read('group:default/security')).toThrow(
      /kubeSecurity\.permissionPolicy\.securityGroups/,
    );
  });
});
