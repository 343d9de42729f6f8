// Spatial values for io.debezium.data.geometry.Geometry {wkb, srid}. The snapshot reads WKB and
// SRID from the server (ST_AsWKB / ST_SRID); zongji hands binlog geometries already parsed into
// points ({x, y}), line strings ([{x, y}]) and polygons ([[{x, y}]]), which are encoded back to
// little-endian WKB here. Multi-geometries and collections in the binlog are not distinguishable
// from that shape and the SRID is not passed on: documented in docs/connectors.md.
interface Pt {
  x: number;
  y: number;
}

export function isWkb(v: unknown): v is { wkb: Buffer; srid: number | null } {
  return typeof v === 'object' && v !== null && Buffer.isBuffer((v as { wkb?: unknown }).wkb);
}

const isPoint = (v: unknown): v is Pt => typeof v === 'object' && v !== null && 'x' in v && 'y' in v;

export function wkbOf(v: unknown): Buffer {
  if (isPoint(v)) return header(1, pts([v]).subarray(4));
  if (Array.isArray(v) && v.every(isPoint)) return header(2, pts(v));
  if (Array.isArray(v) && v.every((r) => Array.isArray(r) && r.every(isPoint))) {
    const rings = (v as Pt[][]).map(pts);
    const n = Buffer.alloc(4);
    n.writeUInt32LE(rings.length);
    return header(3, Buffer.concat([n, ...rings]));
  }
  return Buffer.alloc(0);
}

function header(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(5);
  h.writeUInt8(1, 0);
  h.writeUInt32LE(type, 1);
  return Buffer.concat([h, body]);
}

/** count + x/y doubles. */
function pts(list: Pt[]): Buffer {
  const b = Buffer.alloc(4 + list.length * 16);
  b.writeUInt32LE(list.length, 0);
  list.forEach((p, i) => {
    b.writeDoubleLE(p.x, 4 + i * 16);
    b.writeDoubleLE(p.y, 12 + i * 16);
  });
  return b;
}
