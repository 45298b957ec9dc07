using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;


namespace Vitrion.ForceField.Pair;

/// <summary>
/// LAMMPS <c>lj/class2/coul/long</c>: E = ε (2 (σ/r)^9 − 3 (σ/r)^6) for r &lt; rc (no shift, no tail) plus the real-space
/// Ewald Coulomb k q_i q_j erfc(g r)/r for r &lt; rc_coul. Special pairs: LJ scaled by f_lj; for Coulomb
/// (1 − f_coul) k q_i q_j / r is subtracted from the erfc term (as coul/long does; with g = 0 this is plain
/// cut Coulomb f_coul k q q / r). Charges come either per type (vector path) or per atom.
/// </summary>
public struct LjClass2CoulLong : IPairFunctionRow512
{
    private readonly int _nt;
    private readonly double[] _lj1, _lj2, _lj3, _lj4, _qqType; // per type pair
    private readonly double[]? _qAtom; // per extended atom when charges are per atom
    private readonly double _cutLjSq, _cutCoulSq, _g, _qqrd2e;
    private readonly bool _lammpsErfc;
    private readonly PairRow512[] _rows512; // per i-type, built once

    /// <summary>Creates the pair function.</summary>
    /// <param name="epsilon">ε per type pair, row-major [kcal/mol].</param>
    /// <param name="sigma">σ per type pair [Å].</param>
    /// <param name="typeCharges">charge per type [e] (used when <paramref name="atomCharges"/> is null).</param>
    /// <param name="atomCharges">charge per extended atom [e], or null for charges by type.</param>
    /// <param name="cutLj">LJ cutoff [Å].</param>
    /// <param name="cutCoul">Coulomb cutoff [Å].</param>
    /// <param name="gEwald">Ewald splitting parameter [1/Å] (0 = plain Coulomb).</param>
    /// <param name="qqrd2e">Coulomb constant [kcal·Å/(mol·e²)].</param>
    public LjClass2CoulLong(IReadOnlyList<double> epsilon, IReadOnlyList<double> sigma, IReadOnlyList<double> typeCharges,
        double[]? atomCharges, double cutLj, double cutCoul, double gEwald, double qqrd2e)
        : this(epsilon, sigma, typeCharges, atomCharges, cutLj, cutCoul, gEwald, qqrd2e, false)
    {
    }

    /// <summary>Creates the pair function, optionally with LAMMPS' 5-term erfc polynomial (Abramowitz–Stegun 7.1.26, ~1e-7 absolute).</summary>
    /// <param name="epsilon">ε per type pair, row-major [kcal/mol].</param>
    /// <param name="sigma">σ per type pair [Å].</param>
    /// <param name="typeCharges">charge per type [e].</param>
    /// <param name="atomCharges">charge per extended atom [e], or null.</param>
    /// <param name="cutLj">LJ cutoff [Å].</param>
    /// <param name="cutCoul">Coulomb cutoff [Å].</param>
    /// <param name="gEwald">Ewald splitting parameter [1/Å].</param>
    /// <param name="qqrd2e">Coulomb constant [kcal·Å/(mol·e²)].</param>
    /// <param name="lammpsErfc">use LAMMPS' erfc approximation (scalar path only) to reproduce LAMMPS to the last digit.</param>
    public LjClass2CoulLong(IReadOnlyList<double> epsilon, IReadOnlyList<double> sigma, IReadOnlyList<double> typeCharges,
        double[]? atomCharges, double cutLj, double cutCoul, double gEwald, double qqrd2e, bool lammpsErfc)
    {
        _lammpsErfc = lammpsErfc;
        _nt = typeCharges.Count;
        int m = _nt * _nt;
        _lj1 = new double[m]; _lj2 = new double[m]; _lj3 = new double[m]; _lj4 = new double[m]; _qqType = new double[m];
        for (int k = 0; k < m; k++)
        {
            double e = epsilon[k], s = sigma[k];
            double s3 = s * s * s, s6 = s3 * s3, s9 = s6 * s3;
            _lj1[k] = 18.0 * e * s9;
            _lj2[k] = 18.0 * e * s6;
            _lj3[k] = 2.0 * e * s9;
            _lj4[k] = 3.0 * e * s6;
            _qqType[k] = qqrd2e * typeCharges[k / _nt] * typeCharges[k % _nt];
        }

        _qAtom = atomCharges;
        _cutLjSq = cutLj * cutLj;
        _cutCoulSq = cutCoul * cutCoul;
        _g = gEwald;
        _qqrd2e = qqrd2e;
        _rows512 = [];
        if (_nt <= 8)
        {
            _rows512 = new PairRow512[_nt];
            for (int t = 0; t < _nt; t++) { LoadRow512Slow(t, out _rows512[t]); }
        }
    }

    /// <inheritdoc />
    public readonly double CutoffSquared => Math.Max(_cutLjSq, _cutCoulSq);

    /// <inheritdoc />
    public readonly bool VectorSupported => _qAtom is null && !_lammpsErfc && _nt <= 8 && Avx2.IsSupported && Fma.IsSupported;

    /// <summary>The Ewald splitting parameter [1/Å].</summary>
    public readonly double GEwald => _g;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Evaluate(double rsq, int ti, int tj, int a, int b, double factorLj, double factorCoul,
        out double fpair, out double evdwl, out double ecoul)
    {
        int k = ti * _nt + tj;
        double qq = rsq < _cutCoulSq ? (_qAtom is null ? _qqType[k] : _qqrd2e * _qAtom[a] * _qAtom[b]) : 0.0;
        Pair(rsq, qq, _lj1[k], _lj2[k], _lj3[k], _lj4[k], factorLj, factorCoul, _cutCoulSq, _cutLjSq, _g, _lammpsErfc, out fpair, out evdwl, out ecoul);
    }

    /// <summary>
    /// The scalar pair formula with its coefficients given (shared by <see cref="Evaluate(double, int, int, int, int, double, double, out double, out double, out double)"/>
    /// and the device engine's pair kernel, so both compute the same operations).
    /// </summary>
    /// <param name="rsq">squared distance [Å²].</param>
    /// <param name="qq">qqrd2e·q_i·q_j [kcal·Å/mol].</param>
    /// <param name="lj1">18 ε σ⁹.</param>
    /// <param name="lj2">18 ε σ⁶.</param>
    /// <param name="lj3">2 ε σ⁹.</param>
    /// <param name="lj4">3 ε σ⁶.</param>
    /// <param name="factorLj">special LJ factor (1 for ordinary pairs).</param>
    /// <param name="factorCoul">special Coulomb factor (1 for ordinary pairs).</param>
    /// <param name="cutCoulSq">squared Coulomb cutoff [Å²].</param>
    /// <param name="cutLjSq">squared LJ cutoff [Å²].</param>
    /// <param name="g">Ewald splitting parameter [1/Å].</param>
    /// <param name="lammpsErfc">use LAMMPS' 5-term erfc polynomial.</param>
    /// <param name="fpair">F/r [kcal/mol/Å²] (force on j = d·fpair with d = x_j − x_i).</param>
    /// <param name="evdwl">LJ energy [kcal/mol].</param>
    /// <param name="ecoul">real-space Coulomb energy [kcal/mol].</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pair(double rsq, double qq, double lj1, double lj2, double lj3, double lj4, double factorLj, double factorCoul,
        double cutCoulSq, double cutLjSq, double g, bool lammpsErfc, out double fpair, out double evdwl, out double ecoul)
    {
        double r2inv = 1.0 / rsq;
        double forcecoul = 0, forcelj = 0;
        evdwl = 0;
        ecoul = 0;
        if (rsq < cutCoulSq)
        {
            double r = Math.Sqrt(rsq);
            double prefactor = qq / r;
            double x = g * r;
            double expm2 = Math.Exp(-x * x);
            double erfc;
            if (lammpsErfc)
            {
                double t = 1.0 / (1.0 + Erfc.P * x);
                erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * expm2;
            }
            else
            {
                erfc = Erfc.ScaledPolynomial(x) * expm2;
            }

            forcecoul = prefactor * (erfc + Erfc.TwoOverSqrtPi * x * expm2);
            ecoul = prefactor * erfc;
            if (factorCoul < 1.0)
            {
                forcecoul -= (1.0 - factorCoul) * prefactor;
                ecoul -= (1.0 - factorCoul) * prefactor;
            }
        }

        if (rsq < cutLjSq)
        {
            double rinv = Math.Sqrt(r2inv);
            double r3inv = r2inv * rinv;
            double r6inv = r3inv * r3inv;
            forcelj = factorLj * r6inv * (lj1 * r3inv - lj2);
            evdwl = factorLj * r6inv * (lj3 * r3inv - lj4);
        }

        fpair = (forcecoul + forcelj) * r2inv;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Evaluate(Vector256<double> rsq, Vector256<long> ti, Vector256<long> tj,
        out Vector256<double> fpair, out Vector256<double> evdwl, out Vector256<double> ecoul)
    {
        // Coefficients: gather from the type-pair tables (k = ti*nt + tj).
        var k = ti * Vector256.Create((long)_nt) + tj;
        Vector256<double> lj1, lj2, lj3, lj4, qq;
        unsafe
        {
            fixed (double* p1 = _lj1, p2 = _lj2, p3 = _lj3, p4 = _lj4, pq = _qqType)
            {
                lj1 = Avx2.GatherVector256(p1, k, 8);
                lj2 = Avx2.GatherVector256(p2, k, 8);
                lj3 = Avx2.GatherVector256(p3, k, 8);
                lj4 = Avx2.GatherVector256(p4, k, 8);
                qq = Avx2.GatherVector256(pq, k, 8);
            }
        }

        EvaluateWith(rsq, lj1, lj2, lj3, lj4, qq, out fpair, out evdwl, out ecoul);
    }

    /// <inheritdoc />
    public readonly bool RowSupported => VectorSupported && Avx512F.VL.IsSupported;

    /// <inheritdoc />
    public readonly void LoadRow(int ti, out PairRow row)
    {
        Span<double> a = stackalloc double[8], b = stackalloc double[8], c = stackalloc double[8], d = stackalloc double[8], q = stackalloc double[8];
        Row(ti, a, b, c, d, q);
        row.A0 = Vector256.Create(a[..4]); row.A1 = Vector256.Create(a[4..]);
        row.B0 = Vector256.Create(b[..4]); row.B1 = Vector256.Create(b[4..]);
        row.C0 = Vector256.Create(c[..4]); row.C1 = Vector256.Create(c[4..]);
        row.D0 = Vector256.Create(d[..4]); row.D1 = Vector256.Create(d[4..]);
        row.Q0 = Vector256.Create(q[..4]); row.Q1 = Vector256.Create(q[4..]);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void EvaluateRow(Vector256<double> rsq, Vector256<long> tj, in PairRow row,
        out Vector256<double> fpair, out Vector256<double> evdwl, out Vector256<double> ecoul)
    {
        var lj1 = Avx512F.VL.PermuteVar4x64x2(row.A0, tj, row.A1);
        var lj2 = Avx512F.VL.PermuteVar4x64x2(row.B0, tj, row.B1);
        var lj3 = Avx512F.VL.PermuteVar4x64x2(row.C0, tj, row.C1);
        var lj4 = Avx512F.VL.PermuteVar4x64x2(row.D0, tj, row.D1);
        var qq = Avx512F.VL.PermuteVar4x64x2(row.Q0, tj, row.Q1);
        EvaluateWith(rsq, lj1, lj2, lj3, lj4, qq, out fpair, out evdwl, out ecoul);
    }

    /// <inheritdoc />
    public readonly bool Row512Supported => VectorSupported && Avx512F.IsSupported;

    /// <inheritdoc />
    public readonly void LoadRow512(int ti, out PairRow512 row) => row = _rows512[ti];

    private readonly void LoadRow512Slow(int ti, out PairRow512 row)
    {
        Span<double> a = stackalloc double[8], b = stackalloc double[8], c = stackalloc double[8], d = stackalloc double[8], q = stackalloc double[8];
        Row(ti, a, b, c, d, q);
        row.A = Vector512.Create<double>(a);
        row.B = Vector512.Create<double>(b);
        row.C = Vector512.Create<double>(c);
        row.D = Vector512.Create<double>(d);
        row.Q = Vector512.Create<double>(q);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void EvaluateRow512(Vector512<double> rsq, Vector512<long> tj, in PairRow512 row,
        out Vector512<double> fpair, out Vector512<double> evdwl, out Vector512<double> ecoul)
    {
        var lj1 = Avx512F.PermuteVar8x64(row.A, tj);
        var lj2 = Avx512F.PermuteVar8x64(row.B, tj);
        var lj3 = Avx512F.PermuteVar8x64(row.C, tj);
        var lj4 = Avx512F.PermuteVar8x64(row.D, tj);
        var qq = Avx512F.PermuteVar8x64(row.Q, tj);
        Core512(rsq, lj1, lj2, lj3, lj4, qq, default, default, false, out fpair, out evdwl, out ecoul);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe void EvaluateSpecial512(Vector512<double> rsq, Vector512<long> ti, Vector512<long> tj, Vector512<double> factorLj,
        Vector512<double> factorCoul, out Vector512<double> fpair, out Vector512<double> evdwl, out Vector512<double> ecoul)
    {
        var k = ti * Vector512.Create((long)_nt) + tj;
        Vector512<double> lj1, lj2, lj3, lj4, qq;
        fixed (double* p1 = _lj1, p2 = _lj2, p3 = _lj3, p4 = _lj4, pq = _qqType)
        {
            lj1 = Vector512.Create(Avx2.GatherVector256(p1, k.GetLower(), 8), Avx2.GatherVector256(p1, k.GetUpper(), 8));
            lj2 = Vector512.Create(Avx2.GatherVector256(p2, k.GetLower(), 8), Avx2.GatherVector256(p2, k.GetUpper(), 8));
            lj3 = Vector512.Create(Avx2.GatherVector256(p3, k.GetLower(), 8), Avx2.GatherVector256(p3, k.GetUpper(), 8));
            lj4 = Vector512.Create(Avx2.GatherVector256(p4, k.GetLower(), 8), Avx2.GatherVector256(p4, k.GetUpper(), 8));
            qq = Vector512.Create(Avx2.GatherVector256(pq, k.GetLower(), 8), Avx2.GatherVector256(pq, k.GetUpper(), 8));
        }

        Core512(rsq, lj1, lj2, lj3, lj4, qq, factorLj, factorCoul, true, out fpair, out evdwl, out ecoul);
    }

    // The 9-6 LJ and erfc Coulomb of eight pairs; with factors, LAMMPS' special-bond forms (factor_lj · LJ, Coulomb minus
    // (1 − factor_coul) · qq/r).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Core512(Vector512<double> rsq, Vector512<double> lj1, Vector512<double> lj2, Vector512<double> lj3, Vector512<double> lj4,
        Vector512<double> qq, Vector512<double> factorLj, Vector512<double> factorCoul, bool factors,
        out Vector512<double> fpair, out Vector512<double> evdwl, out Vector512<double> ecoul)
    {
        var one = Vector512.Create(1.0);
        var r = Vector512.Sqrt(rsq);
        var x = Vector512.Create(_g) * r;
        var u = Vector512.FusedMultiplyAdd(Vector512.Create(Erfc.P), x, one);
        var d = one / (r * u);
        var rinv = u * d;
        var t = r * d;
        var r2inv = rinv * rinv;
        var inCoul = Vector512.LessThan(rsq, Vector512.Create(_cutCoulSq));
        var inLj = Vector512.LessThan(rsq, Vector512.Create(_cutLjSq));
        var prefactor = qq * rinv;
        var expm2 = VectorMath.ExpNonPositive512(-(x * x));
        var erfc = VectorMath.ErfcScaledOfT512(t) * expm2;
        var forcecoul = prefactor * (erfc + Vector512.Create(Erfc.TwoOverSqrtPi) * x * expm2);
        var ec = prefactor * erfc;
        if (factors)
        {
            var sub = (Vector512.Create(1.0) - factorCoul) * prefactor;
            forcecoul -= sub;
            ec -= sub;
        }

        var r3inv = r2inv * rinv;
        var r6inv = r3inv * r3inv;
        var forcelj = r6inv * (lj1 * r3inv - lj2);
        var ev = r6inv * (lj3 * r3inv - lj4);
        if (factors)
        {
            forcelj *= factorLj;
            ev *= factorLj;
        }

        forcecoul = Vector512.BitwiseAnd(forcecoul, inCoul);
        ecoul = Vector512.BitwiseAnd(ec, inCoul);
        forcelj = Vector512.BitwiseAnd(forcelj, inLj);
        evdwl = Vector512.BitwiseAnd(ev, inLj);
        fpair = (forcecoul + forcelj) * r2inv;
    }

    /// <summary>The vector kernel with coefficients already in registers (one division and one square root per four pairs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly void EvaluateWith(Vector256<double> rsq, Vector256<double> lj1, Vector256<double> lj2, Vector256<double> lj3,
        Vector256<double> lj4, Vector256<double> qq, out Vector256<double> fpair, out Vector256<double> evdwl, out Vector256<double> ecoul)
    {
        var one = Vector256.Create(1.0);
        var r = Vector256.Sqrt(rsq);
        var x = Vector256.Create(_g) * r;
        // One division gives both reciprocals: d = 1/(r u) with u = 1 + p x, so 1/r = u d and t = 1/u = r d.
        var u = Fma.MultiplyAdd(Vector256.Create(Erfc.P), x, one);
        var d = one / (r * u);
        var rinv = u * d;
        var t = r * d;
        var r2inv = rinv * rinv;
        var inCoul = Vector256.LessThan(rsq, Vector256.Create(_cutCoulSq));
        var inLj = Vector256.LessThan(rsq, Vector256.Create(_cutLjSq));
        var prefactor = qq * rinv;
        var expm2 = VectorMath.ExpNonPositive(-(x * x));
        var erfc = VectorMath.ErfcScaledOfT(t) * expm2;
        var forcecoul = prefactor * (erfc + Vector256.Create(Erfc.TwoOverSqrtPi) * x * expm2);
        var ec = prefactor * erfc;
        var r3inv = r2inv * rinv;
        var r6inv = r3inv * r3inv;
        var forcelj = r6inv * (lj1 * r3inv - lj2);
        var ev = r6inv * (lj3 * r3inv - lj4);
        forcecoul = Vector256.BitwiseAnd(forcecoul, inCoul);
        ecoul = Vector256.BitwiseAnd(ec, inCoul);
        forcelj = Vector256.BitwiseAnd(forcelj, inLj);
        evdwl = Vector256.BitwiseAnd(ev, inLj);
        fpair = (forcecoul + forcelj) * r2inv;
    }

    /// <summary>Row <paramref name="ti"/> of a coefficient table padded to 8 entries (for in-register lookup).</summary>
    internal readonly void Row(int ti, Span<double> lj1, Span<double> lj2, Span<double> lj3, Span<double> lj4, Span<double> qq)
    {
        for (int tj = 0; tj < 8; tj++)
        {
            int k = ti * _nt + Math.Min(tj, _nt - 1);
            lj1[tj] = _lj1[k]; lj2[tj] = _lj2[k]; lj3[tj] = _lj3[k]; lj4[tj] = _lj4[k]; qq[tj] = _qqType[k];
        }
    }
}
