// Dense symmetric positive-definite solves for the calibration normal equations.
// The system is judges × judges, small enough (hundreds) for an O(n³) Cholesky to be instant,
// and a direct factorisation is exact and deterministic, unlike an iterative solver.

/** Row-major n×n matrix. */
export interface Matrix {
  n: number;
  data: Float64Array;
}

export function zeros(n: number): Matrix {
  return { n, data: new Float64Array(n * n) };
}

/** Lower-triangular Cholesky factor L with A = L·Lᵀ. Throws if A is not positive definite. */
export function cholesky(a: Matrix): Matrix {
  const { n } = a;
  const l = zeros(n);
  const A = a.data;
  const L = l.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * n + j];
      for (let k = 0; k < j; k++) sum -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(sum > 0)) throw new RangeError("matrix is not positive definite");
        L[i * n + i] = Math.sqrt(sum);
      } else {
        L[i * n + j] = sum / L[j * n + j];
      }
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b given the Cholesky factor L. */
export function choleskySolve(l: Matrix, b: ArrayLike<number>): Float64Array {
  const { n } = l;
  const L = l.data;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= L[i * n + k] * y[k];
    y[i] = sum / L[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= L[k * n + i] * x[k];
    x[i] = sum / L[i * n + i];
  }
  return x;
}

/** A⁻¹ from its Cholesky factor (column by column). */
export function choleskyInverse(l: Matrix): Matrix {
  const { n } = l;
  const inv = zeros(n);
  const e = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    e.fill(0);
    e[c] = 1;
    const col = choleskySolve(l, e);
    for (let r = 0; r < n; r++) inv.data[r * n + c] = col[r];
  }
  return inv;
}

/** log det A from its Cholesky factor. */
export function choleskyLogDet(l: Matrix): number {
  let sum = 0;
  for (let i = 0; i < l.n; i++) sum += Math.log(l.data[i * l.n + i]);
  return 2 * sum;
}
