import { RetriesExhaustedError, describeGcpError, withBackoff } from './errors';

describe('describeGcpError', () => {
  it('reads a gRPC-style GoogleError', () => {
    const error = Object.assign(
      new Error(
        '7 PERMISSION_DENIED: Required "container.clusters.get" permission',
      ),
      {
        code: 7,
        details: 'Required "container.clusters.get" permission',
        errorInfoMetadata: { permission: 'container.clusters.get' },
      },
    );
    expect(describeGcpError(error)).toEqual({
      status: 'PERMISSION_DENIED',
      message: 'Required "container.clusters.get" permission',
      permission: 'container.clusters.get',
    });
  });

  it('reads a REST error whose code is gRPC and whose HTTP status is kept aside', () => {
    const error = Object.assign(new Error('Quota exceeded'), {
      code: 8,
      httpStatusCode: 429,
    });
    expect(describeGcpError(error)).toEqual({
      status: 'RESOURCE_EXHAUSTED',
      httpStatus: 429,
      message: 'Quota exceeded',
    });
  });

  it('reads a GaxiosError carrying the HTTP status and the JSON body as its message', () => {
    const body = {
      error: {
        code: 403,
        message: 'The caller does not have permission',
        status: 'PERMISSION_DENIED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            metadata: { permission: 'resourcemanager.projects.getIamPolicy' },
          },
        ],
      },
    };
    const error = Object.assign(new Error(JSON.stringify(body)), {
      code: 403,
      status: 403,
      response: { status: 403 },
    });
    expect(describeGcpError(error)).toEqual({
      status: 'PERMISSION_DENIED',
      httpStatus: 403,
      message: 'The caller does not have permission',
      permission: 'resourcemanager.projects.getIamPolicy',
    });
  });

  it('maps a bare HTTP status and a network failure', () => {
    expect(
      describeGcpError(Object.assign(new Error('oops'), { status: 503 }))
        .status,
    ).toBe('UNAVAILABLE');
    expect(
      describeGcpError(
        Object.assign(new Error('connect ECONNREFUSED'), {
          code: 'ECONNREFUSED',
        }),
      ).status,
    ).toBe('UNAVAILABLE');
    expect(describeGcpError('weird')).toEqual({
      status: 'UNKNOWN',
      message: 'weird',
    });
  });
});

describe('withBackoff', () => {
  const throttled = () =>
    Object.assign(new Error('Quota exceeded'), { code: 8 });

  it('retries throttling with growing delays until the call succeeds', async () => {
    const calls: number[] = [];
    const start = Date.now();
    const result = await withBackoff(
      async () => {
        calls.push(Date.now() - start);
        if (calls.length < 3) throw throttled();
        return 'ok';
      },
      { initialDelayMs: 40, maxDelayMs: 1000 },
    );
    expect(result).toBe('ok');
    expect(calls).toHaveLength(3);
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(19);
    expect(calls[2] - calls[1]).toBeGreaterThanOrEqual(39);
  });

  it('gives up after maxAttempts with the last status', async () => {
    const call = jest.fn(async () => {
      throw throttled();
    });
    const error = await withBackoff(call, {
      maxAttempts: 3,
      initialDelayMs: 1,
    }).catch(e => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error.message).toBe(
      'RESOURCE_EXHAUSTED after 3 attempts: Quota exceeded',
    );
    expect(call).toHaveBeenCalledTimes(3);
  });

  it('throws other errors at once', async () => {
    const denied = Object.assign(new Error('denied'), { code: 7 });
    const call = jest.fn(async () => {
      throw denied;
    });
    await expect(withBackoff(call, { initialDelayMs: 1 })).rejects.toBe(denied);
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('stops when the signal aborts, during a call or a delay', async () => {
    const controller = new AbortController();
    const pending = withBackoff(() => new Promise(() => {}), {
      signal: controller.signal,
    });
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');

    const later = new AbortController();
    const call = jest.fn(async () => {
      throw throttled();
    });
    const waiting = withBackoff(call, {
      initialDelayMs: 60_000,
      signal: later.signal,
    });
    setTimeout(() => later.abort(), 20);
    await expect(waiting).rejects.toThrow(/aborted/);
    expect(call).toHaveBeenCalledTimes(1);
  });
});
