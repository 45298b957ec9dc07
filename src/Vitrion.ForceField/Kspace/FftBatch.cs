using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Vitrion.ForceField.Kspace;

/// <summary>
/// A mixed-radix (2, 3, 4, 5) complex 1-D FFT of one length, applied to a BATCH of lines at once (Stockham
/// autosort, precomputed twiddles, no allocation per call). Data are in split format (separate real and
/// imaginary arrays). Element <c>e</c> of line <c>b</c> lies at <c>offset + e*stride + b</c>; the batch
/// index <c>b</c> runs over contiguous doubles, so every butterfly works on 4 lines at a time with AVX
/// (<see cref="Vector256{T}"/>). Forward: X(k) = Σ x(j) e^(−2πi jk/n); inverse: the same with +i, unnormalised.
/// </summary>
/// <remarks>
/// Why not MathNet.Numerics: <c>Fourier.Forward</c> transforms one <c>Complex[]</c> line at a time and, for the
/// lengths PPPM grids use (36, 40, 45, 48, 50, 54 … = 2^a 3^b 5^c, not powers of two), it falls back to the
/// Bluestein algorithm (three power-of-two FFTs of length ≥ 2n plus allocations per call). For the 36³ grid
/// of the 8069-atom reference glass one 3-D transform that way costs milliseconds (see bench/pppm/RESULTS.md),
/// while the whole k-space part must stay near 2 ms per step. MathNet stays the reference in the FFT tests.
/// </remarks>
public sealed class FftBatch
{
    private readonly int[] _radix;
    private readonly int[] _ns;              // product of the radices before each stage
    private readonly double[][] _twRe;       // per stage: [(r-1)*Ns + k] = cos(2π r k/(Ns R))
    private readonly double[][] _twIm;       // per stage: sin(−2π r k/(Ns R)) (forward sign)

    /// <summary>Creates a plan for lines of <paramref name="length"/> points (a product of 2, 3 and 5).</summary>
    public FftBatch(int length)
    {
        if (length < 1 || !IsFactorable(length))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "FFT length must be a product of 2, 3 and 5.");
        }

        Length = length;
        var radices = new List<int>();
        int n = length;
        while (n % 4 == 0) { radices.Add(4); n /= 4; }
        while (n % 2 == 0) { radices.Add(2); n /= 2; }
        while (n % 3 == 0) { radices.Add(3); n /= 3; }
        while (n % 5 == 0) { radices.Add(5); n /= 5; }
        _radix = radices.ToArray();
        _ns = new int[_radix.Length];
        _twRe = new double[_radix.Length][];
        _twIm = new double[_radix.Length][];
        int ns = 1;
        for (int s = 0; s < _radix.Length; s++)
        {
            int r = _radix[s];
            _ns[s] = ns;
            _twRe[s] = new double[(r - 1) * ns];
            _twIm[s] = new double[(r - 1) * ns];
            for (int rr = 1; rr < r; rr++)
            {
                for (int k = 0; k < ns; k++)
                {
                    double angle = -2.0 * Math.PI * rr * k / (ns * r);
                    _twRe[s][(rr - 1) * ns + k] = Math.Cos(angle);
                    _twIm[s][(rr - 1) * ns + k] = Math.Sin(angle);
                }
            }

            ns *= r;
        }
    }

    /// <summary>The transform length.</summary>
    public int Length { get; }

    /// <summary>Whether <paramref name="n"/> has no prime factors other than 2, 3 and 5.</summary>
    public static bool IsFactorable(int n)
    {
        if (n < 1) { return false; }
        foreach (int f in new[] { 2, 3, 5 })
        {
            while (n % f == 0) { n /= f; }
        }

        return n == 1;
    }

    /// <summary>
    /// Transforms the lines <c>b0 ≤ b &lt; b1</c> in place. <paramref name="workRe"/>/<paramref name="workIm"/> must be
    /// at least as large as the data and are used with the same layout. <c>b1 − b0</c> must be a multiple of 4.
    /// </summary>
    /// <param name="re">real parts.</param>
    /// <param name="im">imaginary parts.</param>
    /// <param name="workRe">scratch real parts.</param>
    /// <param name="workIm">scratch imaginary parts.</param>
    /// <param name="offset">index of element 0 of line 0.</param>
    /// <param name="stride">distance between consecutive elements of a line (≥ b1).</param>
    /// <param name="b0">first line.</param>
    /// <param name="b1">one past the last line.</param>
    /// <param name="inverse">true for the +i (backward, unnormalised) transform.</param>
    public void Transform(double[] re, double[] im, double[] workRe, double[] workIm, int offset, int stride, int b0, int b1, bool inverse) =>
        Transform(re, im, workRe, workIm, null, null, offset, stride, b0, b1, inverse);

    /// <summary>
    /// As the other overload; with a second scratch pair (<paramref name="work2Re"/>, <paramref name="work2Im"/>, same
    /// size and layout) a transform with an odd number (≥ 3) of radix stages ends in place without a copy back.
    /// </summary>
    public void Transform(double[] re, double[] im, double[] workRe, double[] workIm, double[]? work2Re, double[]? work2Im,
        int offset, int stride, int b0, int b1, bool inverse)
    {
        if (((b1 - b0) & 3) != 0) { throw new ArgumentException("batch width must be a multiple of 4"); }
        if (Length == 1) { return; }
        int stages = _radix.Length;
        double sign = inverse ? 1.0 : -1.0;
        if ((stages & 1) == 1 && stages >= 3 && work2Re is not null && work2Im is not null)
        {
            // re → A → B → A … → B → re
            Stage(0, re, im, workRe, workIm, offset, stride, b0, b1, sign);
            double[] aRe = workRe, aIm = workIm, bRe = work2Re, bIm = work2Im;
            for (int s = 1; s < stages - 1; s++)
            {
                Stage(s, aRe, aIm, bRe, bIm, offset, stride, b0, b1, sign);
                (aRe, bRe) = (bRe, aRe);
                (aIm, bIm) = (bIm, aIm);
            }

            Stage(stages - 1, aRe, aIm, re, im, offset, stride, b0, b1, sign);
            return;
        }

        double[] sRe = re, sIm = im, dRe = workRe, dIm = workIm;
        for (int s = 0; s < stages; s++)
        {
            Stage(s, sRe, sIm, dRe, dIm, offset, stride, b0, b1, sign);
            (sRe, dRe) = (dRe, sRe);
            (sIm, dIm) = (dIm, sIm);
        }

        if (!ReferenceEquals(sRe, re))
        {
            for (int e = 0; e < Length; e++)
            {
                int o = offset + e * stride;
                for (int b = b0; b < b1; b += 4)
                {
                    S(re, o + b, L(sRe, o + b));
                    S(im, o + b, L(sIm, o + b));
                }
            }
        }
    }

    private void Stage(int s, double[] sRe, double[] sIm, double[] dRe, double[] dIm, int offset, int stride, int b0, int b1, double sign)
    {
        int r = _radix[s];
        int ns = _ns[s];
        int n = Length;
        int m = n / r;
        double[] twr = _twRe[s];
        double[] twi = _twIm[s];
        for (int j = 0; j < m; j++)
        {
            int k = j % ns;
            int src = offset + j * stride;
            int dst = offset + ((j / ns) * ns * r + k) * stride;
            int sstep = m * stride;
            int dstep = ns * stride;
            switch (r)
            {
                case 2: Radix2(sRe, sIm, dRe, dIm, src, sstep, dst, dstep, b0, b1, twr[k], sign * -twi[k]); break;
                case 3: Radix3(sRe, sIm, dRe, dIm, src, sstep, dst, dstep, b0, b1, twr, twi, k, ns, sign); break;
                case 4: Radix4(sRe, sIm, dRe, dIm, src, sstep, dst, dstep, b0, b1, twr, twi, k, ns, sign); break;
                default: Radix5(sRe, sIm, dRe, dIm, src, sstep, dst, dstep, b0, b1, twr, twi, k, ns, sign); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> L(double[] a, int i) => Vector256.LoadUnsafe(ref a[0], (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void S(double[] a, int i, Vector256<double> v) => v.StoreUnsafe(ref a[0], (nuint)i);

    private static void Radix2(double[] sRe, double[] sIm, double[] dRe, double[] dIm, int src, int sstep, int dst, int dstep,
        int b0, int b1, double wr, double wi)
    {
        // wi is the imaginary part of the twiddle with the transform's sign already applied.
        var vwr = Vector256.Create(wr);
        var vwi = Vector256.Create(wi);
        for (int b = b0; b < b1; b += 4)
        {
            var ar = L(sRe, src + b); var ai = L(sIm, src + b);
            var xr = L(sRe, src + sstep + b); var xi = L(sIm, src + sstep + b);
            var br = xr * vwr - xi * vwi;
            var bi = xr * vwi + xi * vwr;
            S(dRe, dst + b, ar + br); S(dIm, dst + b, ai + bi);
            S(dRe, dst + dstep + b, ar - br); S(dIm, dst + dstep + b, ai - bi);
        }
    }

    private static void Radix3(double[] sRe, double[] sIm, double[] dRe, double[] dIm, int src, int sstep, int dst, int dstep,
        int b0, int b1, double[] twr, double[] twi, int k, int ns, double sign)
    {
        var w1r = Vector256.Create(twr[k]); var w1i = Vector256.Create(-sign * twi[k]);
        var w2r = Vector256.Create(twr[ns + k]); var w2i = Vector256.Create(-sign * twi[ns + k]);
        var half = Vector256.Create(0.5);
        var c = Vector256.Create(sign * 0.86602540378443864676);
        for (int b = b0; b < b1; b += 4)
        {
            var a0r = L(sRe, src + b); var a0i = L(sIm, src + b);
            var xr = L(sRe, src + sstep + b); var xi = L(sIm, src + sstep + b);
            var a1r = xr * w1r - xi * w1i; var a1i = xr * w1i + xi * w1r;
            xr = L(sRe, src + 2 * sstep + b); xi = L(sIm, src + 2 * sstep + b);
            var a2r = xr * w2r - xi * w2i; var a2i = xr * w2i + xi * w2r;
            var tr = a1r + a2r; var ti = a1i + a2i;
            var dr = a1r - a2r; var di = a1i - a2i;
            var mr = a0r - half * tr; var mi = a0i - half * ti;
            S(dRe, dst + b, a0r + tr); S(dIm, dst + b, a0i + ti);
            // y1 = m + s i c' d, with c*d*i = (−c di, c dr)
            S(dRe, dst + dstep + b, mr - c * di); S(dIm, dst + dstep + b, mi + c * dr);
            S(dRe, dst + 2 * dstep + b, mr + c * di); S(dIm, dst + 2 * dstep + b, mi - c * dr);
        }
    }

    private static void Radix4(double[] sRe, double[] sIm, double[] dRe, double[] dIm, int src, int sstep, int dst, int dstep,
        int b0, int b1, double[] twr, double[] twi, int k, int ns, double sign)
    {
        var w1r = Vector256.Create(twr[k]); var w1i = Vector256.Create(-sign * twi[k]);
        var w2r = Vector256.Create(twr[ns + k]); var w2i = Vector256.Create(-sign * twi[ns + k]);
        var w3r = Vector256.Create(twr[2 * ns + k]); var w3i = Vector256.Create(-sign * twi[2 * ns + k]);
        var sg = Vector256.Create(sign);
        for (int b = b0; b < b1; b += 4)
        {
            var a0r = L(sRe, src + b); var a0i = L(sIm, src + b);
            var xr = L(sRe, src + sstep + b); var xi = L(sIm, src + sstep + b);
            var a1r = xr * w1r - xi * w1i; var a1i = xr * w1i + xi * w1r;
            xr = L(sRe, src + 2 * sstep + b); xi = L(sIm, src + 2 * sstep + b);
            var a2r = xr * w2r - xi * w2i; var a2i = xr * w2i + xi * w2r;
            xr = L(sRe, src + 3 * sstep + b); xi = L(sIm, src + 3 * sstep + b);
            var a3r = xr * w3r - xi * w3i; var a3i = xr * w3i + xi * w3r;
            var t0r = a0r + a2r; var t0i = a0i + a2i;
            var t1r = a0r - a2r; var t1i = a0i - a2i;
            var t2r = a1r + a3r; var t2i = a1i + a3i;
            var t3r = (a1r - a3r) * sg; var t3i = (a1i - a3i) * sg;
            S(dRe, dst + b, t0r + t2r); S(dIm, dst + b, t0i + t2i);
            // y1 = t1 + s i t3' = (t1r − s t3i, t1i + s t3r)
            S(dRe, dst + dstep + b, t1r - t3i); S(dIm, dst + dstep + b, t1i + t3r);
            S(dRe, dst + 2 * dstep + b, t0r - t2r); S(dIm, dst + 2 * dstep + b, t0i - t2i);
            S(dRe, dst + 3 * dstep + b, t1r + t3i); S(dIm, dst + 3 * dstep + b, t1i - t3r);
        }
    }

    private static void Radix5(double[] sRe, double[] sIm, double[] dRe, double[] dIm, int src, int sstep, int dst, int dstep,
        int b0, int b1, double[] twr, double[] twi, int k, int ns, double sign)
    {
        var w1r = Vector256.Create(twr[k]); var w1i = Vector256.Create(-sign * twi[k]);
        var w2r = Vector256.Create(twr[ns + k]); var w2i = Vector256.Create(-sign * twi[ns + k]);
        var w3r = Vector256.Create(twr[2 * ns + k]); var w3i = Vector256.Create(-sign * twi[2 * ns + k]);
        var w4r = Vector256.Create(twr[3 * ns + k]); var w4i = Vector256.Create(-sign * twi[3 * ns + k]);
        var c1 = Vector256.Create(0.30901699437494742410);   // cos 2π/5
        var c2 = Vector256.Create(-0.80901699437494742410);  // cos 4π/5
        var s1 = Vector256.Create(sign * 0.95105651629515357212); // sin 2π/5
        var s2 = Vector256.Create(sign * 0.58778525229247312917); // sin 4π/5
        for (int b = b0; b < b1; b += 4)
        {
            var a0r = L(sRe, src + b); var a0i = L(sIm, src + b);
            var xr = L(sRe, src + sstep + b); var xi = L(sIm, src + sstep + b);
            var a1r = xr * w1r - xi * w1i; var a1i = xr * w1i + xi * w1r;
            xr = L(sRe, src + 2 * sstep + b); xi = L(sIm, src + 2 * sstep + b);
            var a2r = xr * w2r - xi * w2i; var a2i = xr * w2i + xi * w2r;
            xr = L(sRe, src + 3 * sstep + b); xi = L(sIm, src + 3 * sstep + b);
            var a3r = xr * w3r - xi * w3i; var a3i = xr * w3i + xi * w3r;
            xr = L(sRe, src + 4 * sstep + b); xi = L(sIm, src + 4 * sstep + b);
            var a4r = xr * w4r - xi * w4i; var a4i = xr * w4i + xi * w4r;
            var t1r = a1r + a4r; var t1i = a1i + a4i;
            var t2r = a2r + a3r; var t2i = a2i + a3i;
            var d1r = a1r - a4r; var d1i = a1i - a4i;
            var d2r = a2r - a3r; var d2i = a2i - a3i;
            var m1r = a0r + c1 * t1r + c2 * t2r; var m1i = a0i + c1 * t1i + c2 * t2i;
            var m2r = a0r + c2 * t1r + c1 * t2r; var m2i = a0i + c2 * t1i + c1 * t2i;
            var e1r = s1 * d1r + s2 * d2r; var e1i = s1 * d1i + s2 * d2i;   // y1,4 = m1 ± i e1
            var e2r = s2 * d1r - s1 * d2r; var e2i = s2 * d1i - s1 * d2i;   // y2,3 = m2 ± i e2
            S(dRe, dst + b, a0r + t1r + t2r); S(dIm, dst + b, a0i + t1i + t2i);
            S(dRe, dst + dstep + b, m1r - e1i); S(dIm, dst + dstep + b, m1i + e1r);
            S(dRe, dst + 4 * dstep + b, m1r + e1i); S(dIm, dst + 4 * dstep + b, m1i - e1r);
            S(dRe, dst + 2 * dstep + b, m2r - e2i); S(dIm, dst + 2 * dstep + b, m2i + e2r);
            S(dRe, dst + 3 * dstep + b, m2r + e2i); S(dIm, dst + 3 * dstep + b, m2i - e2r);
        }
    }
}
