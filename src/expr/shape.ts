// Shapes with symbolic dimensions. A dimension is a name ("n") or a positive integer; 1 x 1 is
// a scalar. Two symbolic dimensions are equal only when they have the same name.

export type Dim = string | number;

export interface Shape {
  readonly rows: Dim;
  readonly cols: Dim;
}

export const SCALAR: Shape = { rows: 1, cols: 1 };

export const shape = (rows: Dim, cols: Dim): Shape =>
  rows === 1 && cols === 1 ? SCALAR : { rows, cols };

export const isScalarShape = (s: Shape): boolean => s.rows === 1 && s.cols === 1;
export const isColumnShape = (s: Shape): boolean => s.cols === 1 && s.rows !== 1;
export const isRowShape = (s: Shape): boolean => s.rows === 1 && s.cols !== 1;
export const isSquareShape = (s: Shape): boolean => s.rows === s.cols;
export const sameShape = (a: Shape, b: Shape): boolean => a.rows === b.rows && a.cols === b.cols;
export const transposedShape = (s: Shape): Shape => shape(s.cols, s.rows);

/** "n x 1", "m x n", "1 x 1" as in error messages. */
export const shapeText = (s: Shape): string => `${s.rows} x ${s.cols}`;

/** The JSON form of LANGUAGE.md: [] scalar, ["n"] vector, ["m", "n"] matrix. */
export function shapeJson(s: Shape): Dim[] {
  if (isScalarShape(s)) return [];
  if (s.cols === 1) return [s.rows];
  return [s.rows, s.cols];
}
