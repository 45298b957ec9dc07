using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vitrion.ForceField.Pair;

/// <summary>
/// Vector kernels of the pair term that .NET does not provide fast: <see cref="Vector256.Exp(Vector256{double})"/> is
/// accurate but about five times slower than the rest of a Coulomb pair evaluation on AVX2/AVX-512 machines, so the
/// exponential of the real-space Ewald term is computed here with FMA (callers check <see cref="Fma.IsSupported"/>).
/// </summary>
internal static class VectorMath
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 0.6931471803691238;
    private const double Ln2Lo = 1.9082149292705877e-10;
    private const double Shifter = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer held in the low mantissa bits

    /// <summary>
    /// exp(y) for y ≤ 0: Cody–Waite reduction y = k ln 2 + f, |f| ≤ ln2/2, then e^f by its degree-12 Taylor polynomial in
    /// Estrin's scheme (truncation 2e-16) and 2^k by exponent arithmetic. Relative error below 5e-16 (a few ulp) against
    /// <see cref="Math.Exp(double)"/> on [−708, 0]; arguments below −708 return 3.3e-308 instead of underflowing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ExpNonPositive(Vector256<double> y)
    {
        y = Vector256.Max(y, Vector256.Create(-708.0));
        var shifter = Vector256.Create(Shifter);
        var kd = Fma.MultiplyAdd(y, Vector256.Create(Log2E), shifter);
        var ki = kd.AsInt64() - shifter.AsInt64();
        kd -= shifter;
        var f = Fma.MultiplyAddNegated(kd, Vector256.Create(Ln2Hi), y);
        f = Fma.MultiplyAddNegated(kd, Vector256.Create(Ln2Lo), f);
        var f2 = f * f;
        var f4 = f2 * f2;
        var f8 = f4 * f4;
        var one = Vector256.Create(1.0);
        var p01 = f + one;
        var p23 = Fma.MultiplyAdd(f, Vector256.Create(1.0 / 6), Vector256.Create(0.5));
        var p45 = Fma.MultiplyAdd(f, Vector256.Create(1.0 / 120), Vector256.Create(1.0 / 24));
        var p67 = Fma.MultiplyAdd(f, Vector256.Create(1.0 / 5040), Vector256.Create(1.0 / 720));
        var p89 = Fma.MultiplyAdd(f, Vector256.Create(1.0 / 362880), Vector256.Create(1.0 / 40320));
        var p1011 = Fma.MultiplyAdd(f, Vector256.Create(1.0 / 39916800), Vector256.Create(1.0 / 3628800));
        var q03 = Fma.MultiplyAdd(f2, p23, p01);
        var q47 = Fma.MultiplyAdd(f2, p67, p45);
        var q811 = Fma.MultiplyAdd(f2, p1011, p89);
        var r07 = Fma.MultiplyAdd(f4, q47, q03);
        var r812 = Fma.MultiplyAdd(f4, Vector256.Create(1.0 / 479001600), q811);
        var p = Fma.MultiplyAdd(f8, r812, r07);
        var scale = ((ki + Vector256.Create(1023L)) << 52).AsDouble();
        return p * scale;
    }

    /// <summary>
    /// erfc(x)·exp(x²) for x ≥ 0: the polynomial of <see cref="Erfc"/> in t = 1/(1 + p x), evaluated in Estrin's scheme
    /// with FMA (dependency chain of 6 instead of 30 operations; equal to the Horner form to round-off).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ErfcScaled(Vector256<double> x)
    {
        var one = Vector256.Create(1.0);
        return ErfcScaledOfT(one / Fma.MultiplyAdd(Vector256.Create(Erfc.P), x, one));
    }

    /// <summary>erfc(x)·exp(x²) from t = 1/(1 + p x) (see <see cref="ErfcScaled"/>), for callers that obtain t together with another reciprocal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ErfcScaledOfT(Vector256<double> t)
    {
        var t2 = t * t;
        var t4 = t2 * t2;
        var t8 = t4 * t4;
        var a0 = Fma.MultiplyAdd(t, Vector256.Create(0.18475531955670937), Vector256.Create(2.3809438204902555e-06));
        var a1 = Fma.MultiplyAdd(t, Vector256.Create(0.16749883336024693), Vector256.Create(0.18572915203572915));
        var a2 = Fma.MultiplyAdd(t, Vector256.Create(-0.04427907212573434), Vector256.Create(0.19677882414434517));
        var a3 = Fma.MultiplyAdd(t, Vector256.Create(-1.1915432428422426), Vector256.Create(0.6225549539367625));
        var a4 = Fma.MultiplyAdd(t, Vector256.Create(-3.1821113935788463), Vector256.Create(2.3093159209382987));
        var a5 = Fma.MultiplyAdd(t, Vector256.Create(-2.6334449574012613), Vector256.Create(3.3696384939641963));
        var a6 = Fma.MultiplyAdd(t, Vector256.Create(-0.49254459264796147), Vector256.Create(1.4167350492804274));
        var a7 = Fma.MultiplyAdd(t, Vector256.Create(-0.009039401001449947), Vector256.Create(0.09995373143701893));
        var b0 = Fma.MultiplyAdd(t2, a1, a0);
        var b1 = Fma.MultiplyAdd(t2, a3, a2);
        var b2 = Fma.MultiplyAdd(t2, a5, a4);
        var b3 = Fma.MultiplyAdd(t2, a7, a6);
        var d0 = Fma.MultiplyAdd(t4, b1, b0);
        var d1 = Fma.MultiplyAdd(t4, b3, b2);
        return Fma.MultiplyAdd(t8, d1, d0);
    }

    /// <summary>
    /// The 512-bit twin of ExpNonPositive (same operations, eight lanes). exp(y) for y ≤ 0: Cody–Waite reduction y = k ln 2 + f, |f| ≤ ln2/2, then e^f by its degree-12 Taylor polynomial in
    /// Estrin's scheme (truncation 2e-16) and 2^k by exponent arithmetic. Relative error below 5e-16 (a few ulp) against
    /// <see cref="Math.Exp(double)"/> on [−708, 0]; arguments below −708 return 3.3e-308 instead of underflowing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ExpNonPositive512(Vector512<double> y)
    {
        y = Vector512.Max(y, Vector512.Create(-708.0));
        var shifter = Vector512.Create(Shifter);
        var kd = Vector512.FusedMultiplyAdd(y, Vector512.Create(Log2E), shifter);
        var ki = kd.AsInt64() - shifter.AsInt64();
        kd -= shifter;
        var f = FmaNeg512(kd, Vector512.Create(Ln2Hi), y);
        f = FmaNeg512(kd, Vector512.Create(Ln2Lo), f);
        var f2 = f * f;
        var f4 = f2 * f2;
        var f8 = f4 * f4;
        var one = Vector512.Create(1.0);
        var p01 = f + one;
        var p23 = Vector512.FusedMultiplyAdd(f, Vector512.Create(1.0 / 6), Vector512.Create(0.5));
        var p45 = Vector512.FusedMultiplyAdd(f, Vector512.Create(1.0 / 120), Vector512.Create(1.0 / 24));
        var p67 = Vector512.FusedMultiplyAdd(f, Vector512.Create(1.0 / 5040), Vector512.Create(1.0 / 720));
        var p89 = Vector512.FusedMultiplyAdd(f, Vector512.Create(1.0 / 362880), Vector512.Create(1.0 / 40320));
        var p1011 = Vector512.FusedMultiplyAdd(f, Vector512.Create(1.0 / 39916800), Vector512.Create(1.0 / 3628800));
        var q03 = Vector512.FusedMultiplyAdd(f2, p23, p01);
        var q47 = Vector512.FusedMultiplyAdd(f2, p67, p45);
        var q811 = Vector512.FusedMultiplyAdd(f2, p1011, p89);
        var r07 = Vector512.FusedMultiplyAdd(f4, q47, q03);
        var r812 = Vector512.FusedMultiplyAdd(f4, Vector512.Create(1.0 / 479001600), q811);
        var p = Vector512.FusedMultiplyAdd(f8, r812, r07);
        var scale = ((ki + Vector512.Create(1023L)) << 52).AsDouble();
        return p * scale;
    }

    /// <summary>erfc(x)·exp(x²) from t = 1/(1 + p x) (eight lanes; see <see cref="ErfcScaled"/>), for callers that obtain t together with another reciprocal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ErfcScaledOfT512(Vector512<double> t)
    {
        var t2 = t * t;
        var t4 = t2 * t2;
        var t8 = t4 * t4;
        var a0 = Vector512.FusedMultiplyAdd(t, Vector512.Create(0.18475531955670937), Vector512.Create(2.3809438204902555e-06));
        var a1 = Vector512.FusedMultiplyAdd(t, Vector512.Create(0.16749883336024693), Vector512.Create(0.18572915203572915));
        var a2 = Vector512.FusedMultiplyAdd(t, Vector512.Create(-0.04427907212573434), Vector512.Create(0.19677882414434517));
        var a3 = Vector512.FusedMultiplyAdd(t, Vector512.Create(-1.1915432428422426), Vector512.Create(0.6225549539367625));
        var a4 = Vector512.FusedMultiplyAdd(t, Vector512.Create(-3.1821113935788463), Vector512.Create(2.3093159209382987));
        var a5 = Vector512.FusedMultiplyAdd(t, Vector512.Create(-2.6334449574012613), Vector512.Create(3.3696384939641963));
        var a6 = Vector512.FusedMultiplyAdd(t, Vector512.Create(-0.49254459264796147), Vector512.Create(1.4167350492804274));
        var a7 = Vector512.FusedMultiplyAdd(t, Vector512.Create(-0.009039401001449947), Vector512.Create(0.09995373143701893));
        var b0 = Vector512.FusedMultiplyAdd(t2, a1, a0);
        var b1 = Vector512.FusedMultiplyAdd(t2, a3, a2);
        var b2 = Vector512.FusedMultiplyAdd(t2, a5, a4);
        var b3 = Vector512.FusedMultiplyAdd(t2, a7, a6);
        var d0 = Vector512.FusedMultiplyAdd(t4, b1, b0);
        var d1 = Vector512.FusedMultiplyAdd(t4, b3, b2);
        return Vector512.FusedMultiplyAdd(t8, d1, d0);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> FmaNeg512(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(-a, b, c);

}
