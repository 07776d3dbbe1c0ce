import { ProtoSchema } from './protoJson';

/** A small schema in the protos.json format, exercising each rule once. */
const schema = new ProtoSchema({
  nested: {
    google: {
      nested: {
        protobuf: {
          nested: {
            Timestamp: {
              fields: {
                seconds: { type: 'int64', id: 1 },
                nanos: { type: 'int32', id: 2 },
              },
            },
            Duration: {
              fields: {
                seconds: { type: 'int64', id: 1 },
                nanos: { type: 'int32', id: 2 },
              },
            },
            BoolValue: { fields: { value: { type: 'bool', id: 1 } } },
          },
        },
      },
    },
    demo: {
      nested: {
        Pool: {
          oneofs: { _private: { oneof: ['private'] } },
          fields: {
            name: { type: 'string', id: 1 },
            size: { type: 'int32', id: 2 },
            maxPods: { type: 'int64', id: 3 },
            private: { type: 'bool', id: 4 },
            mode: { type: 'Mode', id: 5 },
            created: { type: 'google.protobuf.Timestamp', id: 6 },
            soak: { type: 'google.protobuf.Duration', id: 7 },
            flag: { type: 'google.protobuf.BoolValue', id: 8 },
            etag: { type: 'bytes', id: 9 },
          },
          nested: {
            Mode: { values: { MODE_UNSPECIFIED: 0, A: 1, B: 2 } },
          },
        },
        Cluster: {
          oneofs: { auth: { oneof: ['token', 'cert'] } },
          fields: {
            name: { type: 'string', id: 1 },
            enabled: { type: 'bool', id: 2 },
            pools: { rule: 'repeated', type: 'Pool', id: 3 },
            labels: { keyType: 'string', type: 'string', id: 4 },
            byName: { keyType: 'string', type: 'Pool', id: 5 },
            settings: { type: 'Settings', id: 6 },
            token: { type: 'string', id: 7 },
            cert: { type: 'string', id: 8 },
            zones: { rule: 'repeated', type: 'string', id: 9 },
          },
        },
        Settings: { fields: { on: { type: 'bool', id: 1 } } },
      },
    },
  },
});

/** What protobuf.js `toObject` with `defaults: true, oneofs: true` gives for an unset Pool. */
const emptyPool = {
  name: '',
  size: 0,
  maxPods: '0',
  mode: 'MODE_UNSPECIFIED',
  created: null,
  soak: null,
  flag: null,
  etag: Buffer.alloc(0),
};

describe('ProtoSchema.toJson', () => {
  it('drops default scalars, unset messages and empty lists and maps', () => {
    expect(
      schema.toJson(
        {
          name: 'c1',
          enabled: false,
          pools: [],
          labels: {},
          byName: {},
          settings: null,
          zones: [],
        },
        'demo.Cluster',
      ),
    ).toEqual({ name: 'c1' });
  });

  it('keeps a set message even when all its fields are defaults', () => {
    expect(
      schema.toJson({ name: 'c1', settings: { on: false } }, 'demo.Cluster'),
    ).toEqual({ name: 'c1', settings: {} });
  });

  it('keeps explicitly set optional and oneof fields, and drops the oneof markers', () => {
    expect(
      schema.toJson(
        {
          name: 'c1',
          token: '',
          auth: 'token',
          pools: [
            { ...emptyPool, name: 'p', private: false, _private: 'private' },
          ],
        },
        'demo.Cluster',
      ),
    ).toEqual({
      name: 'c1',
      token: '',
      pools: [{ name: 'p', private: false }],
    });
  });

  it('prints int64 as strings, enums by name, bytes as base64', () => {
    expect(
      schema.toJson(
        {
          ...emptyPool,
          size: 3,
          maxPods: 110,
          mode: 'B',
          etag: Buffer.from([7, 6, 28, 75]),
        },
        'demo.Pool',
      ),
    ).toEqual({ size: 3, maxPods: '110', mode: 'B', etag: 'BwYcSw==' });
  });

  it('keeps an enum number the schema does not know (a newer API value)', () => {
    expect(schema.toJson({ ...emptyPool, mode: 7 }, 'demo.Pool')).toEqual({
      mode: 7,
    });
  });

  it('prints timestamps, durations and wrappers as proto3 JSON does', () => {
    expect(
      schema.toJson(
        {
          ...emptyPool,
          created: { seconds: '1764201600', nanos: 500_000_000 },
          soak: { seconds: '90', nanos: 0 },
          flag: { value: false },
        },
        'demo.Pool',
      ),
    ).toEqual({
      created: '2025-11-27T00:00:00.500Z',
      soak: '90s',
      flag: false,
    });
    expect(
      schema.toJson(
        {
          ...emptyPool,
          created: { seconds: '1764201600', nanos: 0 },
          soak: { seconds: '1', nanos: 250_000_000 },
        },
        'demo.Pool',
      ),
    ).toEqual({ created: '2025-11-27T00:00:00Z', soak: '1.250s' });
  });

  it('normalizes map values of message type and keeps fields it does not know', () => {
    expect(
      schema.toJson(
        {
          name: 'c1',
          byName: { p: { ...emptyPool, size: 2 } },
          labels: { team: 'shop' },
          somethingNewer: { x: 1 },
        },
        'demo.Cluster',
      ),
    ).toEqual({
      name: 'c1',
      byName: { p: { size: 2 } },
      labels: { team: 'shop' },
      somethingNewer: { x: 1 },
    });
  });

  it('rejects a type it does not know', () => {
    expect(() => schema.toJson({}, 'demo.Nope')).toThrow(
      'unknown message type demo.Nope',
    );
  });
});

describe('the schemas of the installed clients', () => {
  it('resolve the GKE cluster and the IAM policy types', () => {
    const container = ProtoSchema.forPackage('@google-cloud/container');
    expect(
      container.toJson(
        {
          name: 'c',
          privateClusterConfig: null,
          legacyAbac: { enabled: false },
          nodePools: [
            {
              name: 'p',
              config: {
                workloadMetadataConfig: { mode: 'GKE_METADATA' },
                oauthScopes: [],
              },
              networkConfig: {
                enablePrivateNodes: false,
                _enablePrivateNodes: 'enablePrivateNodes',
                podRange: '',
              },
            },
          ],
        },
        'google.container.v1.Cluster',
      ),
    ).toEqual({
      name: 'c',
      legacyAbac: {},
      nodePools: [
        {
          name: 'p',
          config: { workloadMetadataConfig: { mode: 'GKE_METADATA' } },
          networkConfig: { enablePrivateNodes: false },
        },
      ],
    });
    const iam = ProtoSchema.forPackage('@google-cloud/resource-manager');
    expect(
      iam.toJson(
        {
          version: 1,
          bindings: [
            { role: 'roles/viewer', members: ['user:a@x'], condition: null },
          ],
          auditConfigs: [],
          etag: Buffer.alloc(0),
        },
        'google.iam.v1.Policy',
      ),
    ).toEqual({
      version: 1,
      bindings: [{ role: 'roles/viewer', members: ['user:a@x'] }],
    });
  });
});
