// Dimensions as a union-find, for shape inference (src/check/infer.ts): each class is either
// open or one known size (a number, or a dimension name written in ones(n) or I(n)). A class
// that holds the length of an inferred vector or a side of an inferred matrix is never 1: a
// vector x of length 1 would be a scalar, so x*y for vectors does not "fit" by making y 1 x 1.

export type DimId = number;
export interface Shape2 {
  readonly r: DimId;
  readonly c: DimId;
}

/** Thrown when the uses of the names cannot all hold (this assignment of kinds does not fit). */
export class Conflict extends Error {}

export class Dims {
  private readonly parent: DimId[] = [];
  private readonly size: (string | number | undefined)[] = [];
  private readonly notOne: boolean[] = [];
  private readonly named = new Map<string | number, DimId>();
  readonly one: DimId;

  constructor() {
    this.one = this.known(1);
  }

  fresh(notOne = false): DimId {
    this.parent.push(this.parent.length);
    this.size.push(undefined);
    this.notOne.push(notOne);
    return this.parent.length - 1;
  }

  /** The class of a written size: the same name is always the same class. */
  known(size: string | number): DimId {
    let d = this.named.get(size);
    if (d === undefined) {
      d = this.fresh();
      this.size[d] = size;
      this.named.set(size, d);
    }
    return d;
  }

  find(d: DimId): DimId {
    while (this.parent[d] !== d) d = this.parent[d] = this.parent[this.parent[d]!]!;
    return d;
  }

  sizeOf(d: DimId): string | number | undefined {
    return this.size[this.find(d)];
  }

  same(a: DimId, b: DimId): boolean {
    return this.find(a) === this.find(b);
  }

  unify(a: DimId, b: DimId): void {
    const [x, y] = [this.find(a), this.find(b)];
    if (x === y) return;
    const [sx, sy] = [this.size[x], this.size[y]];
    if (sx !== undefined && sy !== undefined && sx !== sy) throw new Conflict();
    const size = sx ?? sy;
    const notOne = this.notOne[x]! || this.notOne[y]!;
    if (notOne && size === 1) throw new Conflict();
    this.parent[y] = x;
    this.size[x] = size;
    this.notOne[x] = notOne;
  }

  isScalar(s: Shape2): boolean {
    return this.same(s.r, this.one) && this.same(s.c, this.one);
  }

  scalar(): Shape2 {
    return { r: this.one, c: this.one };
  }
}
