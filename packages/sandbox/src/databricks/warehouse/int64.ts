import Int64 from 'node-int64';

/** A whole number as the Thrift `i64` the driver's protocol writes. */
export function toInt64(value: unknown): Int64 {
  const big = typeof value === 'bigint' ? value : BigInt(String(value));
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(big);
  return new Int64(bytes);
}

/** A Thrift `i64` (or nothing) as a JS number. */
export function fromInt64(
  value: Int64 | number | undefined,
): number | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  return typeof value === 'number' ? value : value.toNumber();
}
