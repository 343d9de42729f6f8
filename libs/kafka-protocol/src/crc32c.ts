// CRC-32C (Castagnoli) through a native SIMD implementation.
import { crc32c as native } from '@node-rs/crc32';

export function crc32c(data: Buffer): number {
  return native(data) >>> 0;
}
