// Just enough of Kubernetes' protobuf encoding to read what kubectl's typed clients send as protobuf
// (`kubectl auth can-i`, `kubectl create namespace|configmap|secret|serviceaccount`). Responses stay JSON, which
// those clients accept (`Accept: application/vnd.kubernetes.protobuf,application/json`).
import { ApiError, badRequest } from './api-error';

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

type Fields = Map<number, (Buffer | bigint)[]>;

function varint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw badRequest('protobuf: truncated varint');
    const byte = buf[pos++];
    result |= BigInt(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return [result, pos];
    shift += 7n;
  }
}

/** Splits one message into its fields (length-delimited values as Buffers, numbers as bigint). */
function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [tag, next] = varint(buf, pos);
    pos = next;
    const field = Number(tag >> 3n);
    let value: Buffer | bigint;
    switch (Number(tag & 7n)) {
      case 0: [value, pos] = varint(buf, pos); break;
      case 1: value = buf.readBigUInt64LE(pos); pos += 8; break;
      case 2: {
        const [length, start] = varint(buf, pos);
        value = buf.subarray(start, start + Number(length));
        pos = start + Number(length);
        break;
      }
      case 5: value = BigInt(buf.readUInt32LE(pos)); pos += 4; break;
      default: throw badRequest('protobuf: unsupported wire type');
    }
    if (!out.has(field)) out.set(field, []);
    out.get(field)!.push(value);
  }
  return out;
}

const bytes = (f: Fields, n: number) => f.get(n)?.find((v): v is Buffer => Buffer.isBuffer(v));
const string = (f: Fields, n: number) => bytes(f, n)?.toString('utf8');
const message = (f: Fields, n: number) => {
  const b = bytes(f, n);
  return b ? fields(b) : undefined;
};

type Schema = Record<number, [name: string, type: FieldType]>;
type FieldType = 'string' | 'bool' | 'strings' | 'map' | 'bytesMap' | Schema;

const OBJECT_META: Schema = {
  1: ['name', 'string'], 2: ['generateName', 'string'], 3: ['namespace', 'string'], 11: ['labels', 'map'], 12: ['annotations', 'map'], 14: ['finalizers', 'strings'],
};
const RESOURCE_ATTRIBUTES: Schema = {
  1: ['namespace', 'string'], 2: ['verb', 'string'], 3: ['group', 'string'], 4: ['version', 'string'], 5: ['resource', 'string'], 6: ['subresource', 'string'], 7: ['name', 'string'],
};

/** The built-in kinds kubectl sends as protobuf in the simulator's tests and demos (`auth can-i`, `create ns|configmap|secret|sa`). */
const KINDS: Record<string, Schema> = {
  SelfSubjectAccessReview: { 1: ['metadata', OBJECT_META], 2: ['spec', { 1: ['resourceAttributes', RESOURCE_ATTRIBUTES], 2: ['nonResourceAttributes', { 1: ['path', 'string'], 2: ['verb', 'string'] }] }] },
  SelfSubjectRulesReview: { 1: ['metadata', OBJECT_META], 2: ['spec', { 1: ['namespace', 'string'] }] },
  Namespace: { 1: ['metadata', OBJECT_META], 2: ['spec', { 1: ['finalizers', 'strings'] }] },
  ConfigMap: { 1: ['metadata', OBJECT_META], 2: ['data', 'map'], 3: ['binaryData', 'bytesMap'], 4: ['immutable', 'bool'] },
  Secret: { 1: ['metadata', OBJECT_META], 2: ['data', 'bytesMap'], 3: ['type', 'string'], 4: ['stringData', 'map'], 5: ['immutable', 'bool'] },
  ServiceAccount: { 1: ['metadata', OBJECT_META], 4: ['automountServiceAccountToken', 'bool'] },
};

function decode(buf: Buffer, schema: Schema): Record<string, unknown> {
  const f = fields(buf);
  const out: Record<string, unknown> = {};
  for (const [n, [name, type]] of Object.entries(schema)) {
    const values = f.get(Number(n));
    if (!values?.length) continue;
    const buffers = values.filter((v): v is Buffer => Buffer.isBuffer(v));
    if (type === 'string') out[name] = buffers[0].toString('utf8');
    else if (type === 'bool') out[name] = values[0] === 1n;
    else if (type === 'strings') out[name] = buffers.map((b) => b.toString('utf8'));
    else if (type === 'map' || type === 'bytesMap') {
      out[name] = Object.fromEntries(buffers.map((b) => {
        const entry = fields(b);
        const value = bytes(entry, 2) ?? Buffer.alloc(0);
        return [string(entry, 1) ?? '', type === 'map' ? value.toString('utf8') : value.toString('base64')];
      }));
    } else out[name] = decode(buffers[0], type);
    // gogo-protobuf writes empty strings and messages; JSON (omitempty) has none of them.
    const v = out[name];
    if (v === '' || (typeof v === 'object' && v !== null && Object.keys(v).length === 0)) delete out[name];
  }
  return out;
}

/** Decodes a `k8s\0` runtime.Unknown envelope into the object's JSON form; kinds not listed above get 415. */
export function decodeObject(body: Buffer): Record<string, unknown> {
  if (!body.subarray(0, 4).equals(MAGIC)) throw badRequest('protobuf: missing k8s magic prefix');
  const unknown = fields(body.subarray(4));
  const typeMeta = message(unknown, 1);
  const apiVersion = typeMeta ? string(typeMeta, 1) : undefined;
  const kind = typeMeta ? string(typeMeta, 2) : undefined;
  const schema = kind ? KINDS[kind] : undefined;
  if (!schema) {
    throw new ApiError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
  }
  return { apiVersion, kind, ...decode(bytes(unknown, 2) ?? Buffer.alloc(0), schema) };
}
