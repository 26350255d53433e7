// A tiny protobuf writer for exactly one ONNX graph: an embedding-table lookup (Gather), and the reader
// that gets its table back without an ML runtime (src/model/sif.ts). Writing and reading the few fields
// we need by hand avoids a protobuf/onnx dependency for one file whose whole structure is fixed. Field
// numbers follow onnx/onnx.proto (IR version 8).
import { open } from 'node:fs/promises';

/** Protobuf wire types used here. */
const VARINT = 0;
const LEN = 2;

// onnx.proto TensorProto.DataType values.
const FLOAT = 1;
const INT64 = 7;

// AttributeProto.AttributeType.INT
const ATTR_INT = 2;

/** Appends protobuf fields to a growable list of byte chunks. */
class Writer {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  private varint(value: number | bigint): void {
    // Negative int64 values are encoded as 10-byte two's complement, as protobuf requires.
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.push(Uint8Array.from(out));
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, VARINT);
    this.varint(value);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LEN);
    this.varint(value.length);
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const p of this.parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }
}

/** A dimension is either a fixed size or a symbolic name (dynamic axis). */
type Dim = number | string;

/** ValueInfoProto { name=1, type=2 { tensor_type=1 { elem_type=1, shape=2 { dim=1 { dim_value=1 | dim_param=2 } } } } } */
function valueInfo(w: Writer, field: number, name: string, elemType: number, dims: Dim[]): void {
  w.message(field, (vi) => {
    vi.string(1, name);
    vi.message(2, (type) =>
      type.message(1, (tensor) => {
        tensor.int(1, elemType);
        tensor.message(2, (shape) => {
          for (const d of dims) {
            shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
          }
        });
      }),
    );
  });
}

export interface EmbeddingModelSpec {
  /** Row-major [vocabSize, dimensions] float32 table; row i is the vector of token id i. */
  table: Float32Array;
  vocabSize: number;
  dimensions: number;
  producerName?: string;
  producerVersion?: string;
}

/**
 * Serialize an ONNX ModelProto whose graph is `last_hidden_state = Gather(embeddings, input_ids, axis=0)`.
 * `attention_mask` is declared as an (unused) input because BERT-style feeds include it; transformers.js
 * only feeds the inputs a session declares, so it is optional, but declaring it keeps the model a
 * plain drop-in for "bert" encoders. Unused graph inputs are valid ONNX.
 */
export function encodeEmbeddingModel(spec: EmbeddingModelSpec): Uint8Array {
  const { table, vocabSize, dimensions } = spec;
  if (table.length !== vocabSize * dimensions) {
    throw new Error(`embedding table has ${table.length} floats, expected ${vocabSize} x ${dimensions}`);
  }
  // raw_data is little-endian; copy through a DataView so big-endian hosts are also correct.
  const raw = new Uint8Array(table.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < table.length; i++) view.setFloat32(i * 4, table[i] as number, true);

  const model = new Writer();
  model.int(1, 8); // ir_version
  model.string(2, spec.producerName ?? 'newsquote-bot');
  model.string(3, spec.producerVersion ?? '1');
  model.message(7, (graph) => {
    // NodeProto { input=1, output=2, name=3, op_type=4, attribute=5 { name=1, i=3, type=20 } }
    graph.message(1, (node) => {
      node.string(1, 'embeddings');
      node.string(1, 'input_ids');
      node.string(2, 'last_hidden_state');
      node.string(3, 'lookup');
      node.string(4, 'Gather');
      node.message(5, (attr) => attr.string(1, 'axis').int(3, 0).int(20, ATTR_INT));
    });
    graph.string(2, 'embedding_lookup');
    // TensorProto { dims=1, data_type=2, name=8, raw_data=9 }
    graph.message(5, (tensor) => {
      tensor.int(1, vocabSize);
      tensor.int(1, dimensions);
      tensor.int(2, FLOAT);
      tensor.string(8, 'embeddings');
      tensor.bytes(9, raw);
    });
    valueInfo(graph, 11, 'input_ids', INT64, ['batch_size', 'sequence_length']);
    valueInfo(graph, 11, 'attention_mask', INT64, ['batch_size', 'sequence_length']);
    valueInfo(graph, 12, 'last_hidden_state', FLOAT, ['batch_size', 'sequence_length', dimensions]);
  });
  // OperatorSetIdProto { domain=1, version=2 }: default domain, opset 13.
  model.message(8, (opset) => opset.string(1, '').int(2, 13));
  return model.finish();
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The protobuf fields of one message in `buf[start, end)`: number and varint value, or for a
 * length-delimited field its length and where its bytes start (which may lie past the end of `buf`
 * when only the file's head was read).
 */
function* fields(buf: Uint8Array, start: number, end: number): Generator<{ field: number; value: number; at: number }> {
  let pos = start;
  const varint = (): number => {
    let result = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = buf[pos++];
      if (b === undefined) throw new Error('truncated ONNX file');
      result += (b & 0x7f) * shift;
      if (b < 0x80) return result;
    }
  };
  while (pos < end) {
    const key = varint();
    const wire = key & 7;
    if (wire === VARINT) yield { field: key >>> 3, value: varint(), at: pos };
    else if (wire === LEN) {
      const length = varint();
      yield { field: key >>> 3, value: length, at: pos };
      pos += length;
    } else throw new Error(`unexpected protobuf wire type ${wire} in the ONNX file`);
  }
}

/** Bytes of the file before the table's data: ModelProto, graph, node and tensor headers (well under 1 KB). */
const HEAD_BYTES = 64 * 1024;

/**
 * The embedding table of a model file written by `encodeEmbeddingModel` (its graph's one initializer).
 * The table's bytes are read straight into the returned array, never through a second 60 MB buffer.
 */
export async function readEmbeddingTable(file: string): Promise<{ table: Float32Array; vocabSize: number; dimensions: number }> {
  const handle = await open(file);
  try {
    const head = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    const child = (from: number, to: number, field: number) => {
      for (const f of fields(head, from, Math.min(to, bytesRead))) if (f.field === field) return f;
      return undefined;
    };
    const graph = child(0, bytesRead, 7);
    const tensor = graph && child(graph.at, graph.at + graph.value, 5);
    if (!tensor) throw new Error('no embedding table in the ONNX file');
    const dims: number[] = [];
    let raw: { at: number; value: number } | undefined;
    for (const f of fields(head, tensor.at, tensor.at + tensor.value)) {
      if (f.field === 1) dims.push(f.value);
      else if (f.field === 9) {
        raw = f;
        break;
      }
    }
    const [vocabSize = 0, dimensions = 0] = dims;
    if (dims.length !== 2 || !raw || raw.value !== vocabSize * dimensions * 4) throw new Error('the ONNX embedding table is not a [vocab, dimensions] float32 tensor');
    const table = new Float32Array(vocabSize * dimensions);
    const bytes = new Uint8Array(table.buffer);
    const { bytesRead: got } = await handle.read(bytes, 0, bytes.length, raw.at);
    if (got !== bytes.length) throw new Error('truncated ONNX file');
    // raw_data is little-endian: swap each value in place on a big-endian host.
    if (!LITTLE_ENDIAN) {
      const view = new DataView(table.buffer);
      for (let i = 0; i < table.length; i++) table[i] = view.getFloat32(i * 4, true);
    }
    return { table, vocabSize, dimensions };
  } finally {
    await handle.close();
  }
}
