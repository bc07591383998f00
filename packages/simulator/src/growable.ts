// Growable typed arrays: compact columns for up to millions of records.

type TypedArray = Float64Array | Int32Array | Uint16Array | Uint8Array;

interface TypedArrayConstructor<T extends TypedArray> {
  new (length: number): T;
}

export class Column<T extends TypedArray> {
  data: T;
  length = 0;
  private readonly make: TypedArrayConstructor<T>;

  constructor(make: TypedArrayConstructor<T>, capacity = 16) {
    this.make = make;
    this.data = new make(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }

  private grow(min: number): void {
    const next = new this.make(Math.max(min, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

export const float64Column = (capacity?: number): Column<Float64Array> =>
  new Column(Float64Array, capacity);
export const int32Column = (capacity?: number): Column<Int32Array> =>
  new Column(Int32Array, capacity);
export const uint16Column = (capacity?: number): Column<Uint16Array> =>
  new Column(Uint16Array, capacity);
export const uint8Column = (capacity?: number): Column<Uint8Array> =>
  new Column(Uint8Array, capacity);
