using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using Vitrion.Core;

namespace Vitrion.Analysis.Structure;

/// <summary>Coherent neutron scattering lengths [fm] and X-ray atomic form factors.</summary>
public static class ScatteringData
{
    /// <summary>Bound coherent neutron scattering lengths [fm] (Sears 1992): Li −1.90, P 5.13, S 2.847.</summary>
    public static IReadOnlyDictionary<string, double> NeutronLength { get; } = new Dictionary<string, double>
    {
        ["Li"] = -1.90,
        ["P"] = 5.13,
        ["S"] = 2.847,
    };

    /// <summary>
    /// Cromer–Mann coefficients (a1, b1, a2, b2, a3, b3, a4, b4, c; b in Å²) of the International Tables for
    /// Crystallography Vol. C, Table 6.1.1.4: Li+ (used for Li), P and S. f(q) = Σ a_i exp(−b_i (q/4π)²) + c.
    /// </summary>
    public static IReadOnlyDictionary<string, double[]> CromerMann { get; } = new Dictionary<string, double[]>
    {
        ["Li"] = [0.6968, 4.6237, 0.7888, 1.9557, 0.3414, 0.6316, 0.1563, 10.0953, 0.0167],
        ["P"] = [6.4345, 1.9067, 4.1791, 27.157, 1.78, 0.526, 1.4908, 68.1645, 1.1149],
        ["S"] = [6.9053, 1.4679, 5.2034, 22.2151, 1.4379, 0.2536, 1.5863, 56.172, 0.8669],
    };

    /// <summary>X-ray form factor [electrons] of an element (Li as Li+) at scattering vector q [Å⁻¹].</summary>
    public static double FormFactor(string element, double q)
    {
        if (!CromerMann.TryGetValue(element, out var c)) { throw new InputException($"no X-ray form factor for element '{element}' (known: Li, P, S)"); }
        double s2 = q / (4 * Math.PI) * (q / (4 * Math.PI));
        return c[0] * Math.Exp(-c[1] * s2) + c[2] * Math.Exp(-c[3] * s2) + c[4] * Math.Exp(-c[5] * s2) + c[6] * Math.Exp(-c[7] * s2) + c[8];
    }
}

/// <summary>Options of the structure-factor analyses.</summary>
public sealed record SqOptions
{
    /// <summary>Smallest q [Å⁻¹]. Default 0.3.</summary>
    public double QMin { get; init; } = 0.3;

    /// <summary>Largest q [Å⁻¹]. Default 12.</summary>
    public double QMax { get; init; } = 12.0;

    /// <summary>q step [Å⁻¹]. Default 0.01.</summary>
    public double QStep { get; init; } = 0.01;

    /// <summary>Largest r [Å] of the g(r) transformed; null = just below half the smallest perpendicular box width.</summary>
    public double? RMax { get; init; }

    /// <summary>g(r) bin width [Å]. Default 0.01.</summary>
    public double BinWidth { get; init; } = 0.01;

    /// <summary>Apply the Lorch window sin(πr/R)/(πr/R) (default true).</summary>
    public bool Lorch { get; init; } = true;
}

/// <summary>A Faber–Ziman partial S_ab(q).</summary>
/// <param name="A">element a.</param>
/// <param name="B">element b.</param>
/// <param name="S">S_ab(q).</param>
public sealed record PartialSq(string A, string B, ImmutableArray<double> S);

/// <summary>Structure factors on a q grid.</summary>
/// <param name="Method">"fourier of g(r), Lorch window" or "direct k-space sum".</param>
/// <param name="Q">q [Å⁻¹].</param>
/// <param name="Elements">the elements.</param>
/// <param name="Concentrations">atomic fractions c_a.</param>
/// <param name="Partials">Faber–Ziman partials (a ≤ b).</param>
/// <param name="Neutron">total neutron S(q), Faber–Ziman normalisation: 1 + Σ c_a c_b b_a b_b (S_ab − 1) / (Σ c_a b_a)².</param>
/// <param name="XRay">total X-ray S(q), Faber–Ziman with q-dependent form factors.</param>
/// <param name="Counts">number of k vectors per q point (direct method; empty otherwise).</param>
public sealed record SqResult(string Method, ImmutableArray<double> Q, ImmutableArray<string> Elements, ImmutableArray<double> Concentrations,
    ImmutableArray<PartialSq> Partials, ImmutableArray<double> Neutron, ImmutableArray<double> XRay, ImmutableArray<int> Counts)
{
    /// <summary>The normalisation convention: Faber–Ziman.</summary>
    public string Convention => "Faber-Ziman";
}

/// <summary>A peak fitted by a Gaussian on a linear background.</summary>
/// <param name="Position">peak position q0 [Å⁻¹].</param>
/// <param name="PositionError">standard error of q0 [Å⁻¹].</param>
/// <param name="Fwhm">full width at half maximum [Å⁻¹].</param>
/// <param name="FwhmError">standard error of the FWHM [Å⁻¹].</param>
/// <param name="Height">peak height above the background.</param>
/// <param name="QLo">fit window start [Å⁻¹].</param>
/// <param name="QHi">fit window end [Å⁻¹].</param>
public sealed record PeakFit(double Position, double PositionError, double Fwhm, double FwhmError, double Height, double QLo, double QHi);

/// <summary>
/// Structure factors of Li–P–S structures, by element (Li, P, S from the type names): Faber–Ziman partials from the
/// partial g_ab(r) with a Lorch window, S_ab(q) = 1 + 4πρ ∫ r² (g_ab − 1) sin(qr)/(qr) L(r) dr, combined into the
/// total neutron and X-ray S(q); a direct k-space sum over the reciprocal lattice of the box as a check; and the
/// first sharp diffraction peak by a Gaussian-plus-line fit.
/// </summary>
public static class StructureFactor
{
    /// <summary>Element of every atom and the list of elements present (Li, P, S order first).</summary>
    public static (string[] Elements, int[] ElementOfAtom) ElementsOf(Frame frame)
    {
        var names = frame.TypeNames.Select(n => AtomTypes.ElementOf(n) ?? throw new InputException($"type '{n}' has no known element")).ToArray();
        var present = frame.Types.Distinct().Select(t => names[t]).Distinct().ToList();
        string[] order = ["Li", "P", "S"];
        var elements = order.Where(present.Contains).Concat(present.Where(e => !order.Contains(e)).OrderBy(e => e, StringComparer.Ordinal)).ToArray();
        var idx = frame.Types.Select(t => Array.IndexOf(elements, names[t])).ToArray();
        return (elements, idx);
    }

    /// <summary>The q grid of the options.</summary>
    public static double[] QGrid(SqOptions o)
    {
        int nq = (int)Math.Floor((o.QMax - o.QMin) / o.QStep + 1e-9) + 1;
        return Enumerable.Range(0, nq).Select(k => o.QMin + k * o.QStep).ToArray();
    }

    /// <summary>S(q) from the element partial g(r) of the frames (averaged).</summary>
    public static SqResult FromFrames(IEnumerable<Frame> frames, SqOptions? options = null)
    {
        options ??= new SqOptions();
        string[] elements = [];
        double[] conc = [];
        double rmax = 0, volume = 0;
        int nb = 0, ne = 0, frameCount = 0, n = 0;
        long[] hist = [];
        double[] norm = [];
        foreach (var f in frames)
        {
            var (el, idx) = ElementsOf(f);
            if (frameCount == 0)
            {
                elements = el;
                ne = el.Length;
                n = f.AtomCount;
                conc = elements.Select((_, e) => idx.Count(x => x == e) / (double)idx.Length).ToArray();
                Vec3 w = f.Box.PerpendicularWidths;
                rmax = options.RMax ?? Math.Floor(0.5 * Math.Min(w.X, Math.Min(w.Y, w.Z)) / options.BinWidth) * options.BinWidth;
                nb = (int)Math.Round(rmax / options.BinWidth);
                hist = new long[ne * ne * nb];
                norm = new double[ne * ne * nb];
            }
            else if (!el.SequenceEqual(elements) || f.AtomCount != n)
            {
                throw new InputException("all frames must hold the same atoms");
            }

            double inv = nb / rmax;
            var grid = new CellGrid(f.Box, f.Positions.AsSpan(), Math.Max(rmax / 4, 2.0));
            var total = hist;
            grid.ForEachHalfPair(rmax, () => new PairHistogram(new long[ne * ne * nb], idx, ne, nb, inv), w =>
            {
                lock (total)
                {
                    for (int k = 0; k < total.Length; k++) { total[k] += w.Counts[k]; }
                }
            });
            var counts = new long[ne];
            foreach (int e in idx) { counts[e]++; }
            double dr = rmax / nb, constant = 4 * Math.PI / (3 * f.Box.Volume);
            for (int a = 0; a < ne; a++)
            {
                for (int b = 0; b < ne; b++)
                {
                    double pairs = counts[a] * (double)(counts[b] - (a == b ? 1 : 0));
                    for (int k = 0; k < nb; k++)
                    {
                        double lo = k * dr, hi = (k + 1) * dr;
                        norm[(a * ne + b) * nb + k] += constant * (hi * hi * hi - lo * lo * lo) * pairs;
                    }
                }
            }

            volume += f.Box.Volume;
            frameCount++;
        }

        if (frameCount == 0) { throw new InputException("no frames to analyse"); }
        double binw = rmax / nb;
        var r = Enumerable.Range(0, nb).Select(k => (k + 0.5) * binw).ToImmutableArray();
        var partials = new List<PartialRdf>();
        for (int a = 0; a < ne; a++)
        {
            for (int b = a; b < ne; b++)
            {
                var g = new double[nb];
                for (int k = 0; k < nb; k++)
                {
                    int o = (a * ne + b) * nb + k;
                    g[k] = norm[o] > 0 ? hist[o] / norm[o] : 0;
                }

                partials.Add(new PartialRdf(elements[a], elements[b], [.. g], [.. new double[nb]], conc[a] * n, conc[b] * n));
            }
        }

        var rdf = new RdfResult(r, binw, [.. partials], frameCount, volume / frameCount);
        return FromRdf(rdf, elements, conc, n / rdf.MeanVolume, options);
    }

    /// <summary>Faber–Ziman S(q) from element partials (pairs a ≤ b in the order of <paramref name="elements"/>).</summary>
    public static SqResult FromRdf(RdfResult rdf, IReadOnlyList<string> elements, IReadOnlyList<double> concentrations, double density, SqOptions options)
    {
        double[] q = QGrid(options);
        double dr = rdf.BinWidth;
        double rMax = rdf.R[^1] + 0.5 * dr;
        int np = elements.Count * (elements.Count + 1) / 2;
        int nr = rdf.R.Length;
        // Weights r (g - 1) L(r) per partial; S_ab(q) - 1 = (4πρ/q) Σ r (g - 1) L(r) sin(qr) dr.
        var w = new double[np][];
        for (int p = 0; p < np; p++)
        {
            var g = rdf.Partials[p].G;
            w[p] = new double[nr];
            for (int i = 0; i < nr; i++)
            {
                double r = rdf.R[i];
                double x = Math.PI * r / rMax;
                double lorch = options.Lorch ? Math.Sin(x) / x : 1.0;
                w[p][i] = r * (g[i] - 1) * lorch;
            }
        }

        var sq = new double[np][];
        for (int p = 0; p < np; p++) { sq[p] = new double[q.Length]; }
        Parallel.For(0, q.Length, k =>
        {
            var acc = new double[np];
            double qk = q[k];
            for (int i = 0; i < nr; i++)
            {
                double sn = Math.Sin(qk * rdf.R[i]);
                for (int p = 0; p < np; p++) { acc[p] += w[p][i] * sn; }
            }

            for (int p = 0; p < np; p++) { sq[p][k] = 1 + 4 * Math.PI * density * acc[p] * dr / qk; }
        });
        var partials = new List<PartialSq>();
        var sab = new double[elements.Count, elements.Count][];
        int m = 0;
        for (int a = 0; a < elements.Count; a++)
        {
            for (int b = a; b < elements.Count; b++)
            {
                sab[a, b] = sq[m];
                sab[b, a] = sq[m];
                partials.Add(new PartialSq(elements[a], elements[b], [.. sq[m]]));
                m++;
            }
        }

        return Combine("fourier of g(r)" + (options.Lorch ? ", Lorch window" : string.Empty), q, elements, concentrations, sab, partials, []);
    }

    private static SqResult Combine(string method, double[] q, IReadOnlyList<string> elements, IReadOnlyList<double> c, double[,][] sab, List<PartialSq> partials, int[] counts)
    {
        int ne = elements.Count;
        var bl = elements.Select(e => ScatteringData.NeutronLength.TryGetValue(e, out double v) ? v : throw new InputException($"no neutron scattering length for '{e}'")).ToArray();
        double bmean = 0;
        for (int a = 0; a < ne; a++) { bmean += c[a] * bl[a]; }
        var sn = new double[q.Length];
        var sx = new double[q.Length];
        for (int k = 0; k < q.Length; k++)
        {
            var f = elements.Select(e => ScatteringData.FormFactor(e, q[k])).ToArray();
            double fmean = 0;
            for (int a = 0; a < ne; a++) { fmean += c[a] * f[a]; }
            double tn = 0, tx = 0;
            for (int a = 0; a < ne; a++)
            {
                for (int b = 0; b < ne; b++)
                {
                    double d = sab[a, b][k] - 1;
                    tn += c[a] * c[b] * bl[a] * bl[b] * d;
                    tx += c[a] * c[b] * f[a] * f[b] * d;
                }
            }

            sn[k] = 1 + tn / (bmean * bmean);
            sx[k] = 1 + tx / (fmean * fmean);
        }

        return new SqResult(method, [.. q], [.. elements], [.. c], [.. partials], [.. sn], [.. sx], [.. counts]);
    }

    /// <summary>
    /// Direct k-space sum over the reciprocal lattice vectors k of the box with |k| ≤ QMax (binned by |k| with width
    /// QStep, bins centred at QMin + j·QStep): S_ab(k) = 1 + [Re(ρ_a(k) ρ_b(k)*)/N − c_a δ_ab] / (c_a c_b), averaged over
    /// the vectors of a bin. Cost ∝ N × (number of k vectors); meant for small boxes or small QMax.
    /// </summary>
    public static SqResult Direct(Frame frame, SqOptions? options = null)
    {
        options ??= new SqOptions();
        var (elements, eidx) = ElementsOf(frame);
        int ne = elements.Length, n = frame.AtomCount;
        var conc = elements.Select((_, e) => eidx.Count(x => x == e) / (double)n).ToArray();
        var box = frame.Box;
        // Reciprocal vectors (with 2π): b1 = 2π (b × c)/V etc.
        double vol = box.Volume;
        Vec3 a1 = box.A, a2 = box.B, a3 = box.C;
        Vec3 b1 = 2 * Math.PI / vol * Vec3.Cross(a2, a3), b2 = 2 * Math.PI / vol * Vec3.Cross(a3, a1), b3 = 2 * Math.PI / vol * Vec3.Cross(a1, a2);
        double qmax = options.QMax;
        int m1 = (int)Math.Ceiling(qmax * a1.Norm / (2 * Math.PI)) + 1, m2 = (int)Math.Ceiling(qmax * a2.Norm / (2 * Math.PI)) + 1, m3 = (int)Math.Ceiling(qmax * a3.Norm / (2 * Math.PI)) + 1;
        double[] q = QGrid(options);
        int nq = q.Length;
        // Phases per atom per axis: exp(i 2π n f) for n = 0..m.
        var frac = frame.Positions.Select(p => box.ToFractional(p)).ToArray();
        var sums = new double[ne * ne * nq];
        var counts = new int[nq];
        object gate = new();
        // Half of the reciprocal lattice: n1 > 0, or n1 == 0 and n2 > 0, or n1 == n2 == 0 and n3 > 0.
        double q2max = qmax * qmax;
        double b3sq = b3.NormSquared;
        Parallel.For(-m2, m2 + 1, () => (new double[ne * ne * nq], new int[nq]), (n2, _, local) =>
        {
            var (s, cnt) = local;
            var rhoRe = new double[ne];
            var rhoIm = new double[ne];
            var re = new double[n];
            var im = new double[n];
            var c3 = new double[n];
            var s3 = new double[n];
            for (int i = 0; i < n; i++)
            {
                double p3 = 2 * Math.PI * frac[i].Z;
                c3[i] = Math.Cos(p3);
                s3[i] = Math.Sin(p3);
            }

            for (int n1 = 0; n1 <= m1; n1++)
            {
                if (n1 == 0 && n2 < 0) { continue; }
                // n3 range with |k12 + n3 b3| <= qmax (a quadratic in n3).
                Vec3 k12 = n1 * b1 + n2 * b2;
                double bq = Vec3.Dot(k12, b3), cq = k12.NormSquared - q2max;
                double disc = bq * bq - b3sq * cq;
                if (disc < 0) { continue; }
                int lo = (int)Math.Ceiling((-bq - Math.Sqrt(disc)) / b3sq), hi = (int)Math.Floor((-bq + Math.Sqrt(disc)) / b3sq);
                if (n1 == 0 && n2 == 0) { lo = Math.Max(lo, 1); }
                if (hi < lo) { continue; }
                for (int i = 0; i < n; i++)
                {
                    double ph = 2 * Math.PI * (n1 * frac[i].X + n2 * frac[i].Y + lo * frac[i].Z);
                    re[i] = Math.Cos(ph);
                    im[i] = Math.Sin(ph);
                }

                for (int n3 = lo; n3 <= hi; n3++)
                {
                    Vec3 k = k12 + n3 * b3;
                    double kn = k.Norm;
                    int bin = (int)Math.Round((kn - options.QMin) / options.QStep);
                    bool inRange = kn <= qmax && bin >= 0 && bin < nq;
                    if (inRange)
                    {
                        Array.Clear(rhoRe);
                        Array.Clear(rhoIm);
                        for (int i = 0; i < n; i++) { rhoRe[eidx[i]] += re[i]; rhoIm[eidx[i]] += im[i]; }
                        for (int a = 0; a < ne; a++)
                        {
                            for (int b = 0; b < ne; b++)
                            {
                                s[(a * ne + b) * nq + bin] += rhoRe[a] * rhoRe[b] + rhoIm[a] * rhoIm[b];
                            }
                        }

                        cnt[bin]++;
                    }

                    if (n3 < hi)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            double r0 = re[i], i0 = im[i];
                            re[i] = r0 * c3[i] - i0 * s3[i];
                            im[i] = r0 * s3[i] + i0 * c3[i];
                        }
                    }
                }
            }

            return local;
        }, local =>
        {
            lock (gate)
            {
                for (int k = 0; k < sums.Length; k++) { sums[k] += local.Item1[k]; }
                for (int k = 0; k < nq; k++) { counts[k] += local.Item2[k]; }
            }
        });

        var sab = new double[ne, ne][];
        var partials = new List<PartialSq>();
        for (int a = 0; a < ne; a++)
        {
            for (int b = 0; b < ne; b++)
            {
                var s = new double[nq];
                for (int k = 0; k < nq; k++)
                {
                    s[k] = counts[k] == 0 ? double.NaN
                        : 1 + (sums[(a * ne + b) * nq + k] / counts[k] / n - (a == b ? conc[a] : 0)) / (conc[a] * conc[b]);
                }

                sab[a, b] = s;
                if (b >= a) { partials.Add(new PartialSq(elements[a], elements[b], [.. s])); }
            }
        }

        return Combine("direct k-space sum", q, elements, conc, sab, partials, counts);
    }

    /// <summary>
    /// Fits a Gaussian on a linear background, A exp(−(q−q0)²/(2σ²)) + c0 + c1 q, to y(q) within [qLo, qHi]
    /// (Levenberg–Marquardt, standard errors from the covariance scaled by the residual variance). NaN points are ignored.
    /// </summary>
    public static PeakFit FitPeak(IReadOnlyList<double> q, IReadOnlyList<double> y, double qLo = 0.8, double qHi = 1.6)
    {
        var idx = Enumerable.Range(0, q.Count).Where(i => q[i] >= qLo && q[i] <= qHi && double.IsFinite(y[i])).ToArray();
        if (idx.Length < 6) { throw new InputException(FormattableString.Invariant($"too few points in the peak window {qLo}–{qHi} 1/Å")); }
        var xv = Vector<double>.Build.DenseOfEnumerable(idx.Select(i => q[i]));
        var yv = Vector<double>.Build.DenseOfEnumerable(idx.Select(i => y[i]));
        int imax = idx.OrderByDescending(i => y[i]).First();
        double ymin = idx.Min(i => y[i]);
        var p0 = Vector<double>.Build.DenseOfArray([y[imax] - ymin, q[imax], 0.25 * (qHi - qLo), ymin, 0.0]);
        Vector<double> Model(Vector<double> p, Vector<double> x) => x.Map(qq => p[0] * Math.Exp(-(qq - p[1]) * (qq - p[1]) / (2 * p[2] * p[2])) + p[3] + p[4] * qq);
        var obj = ObjectiveFunction.NonlinearModel(Model, xv, yv);
        var lm = new LevenbergMarquardtMinimizer(maximumIterations: 2000);
        var res = lm.FindMinimum(obj, p0);
        var p = res.MinimizingPoint;
        var se = res.StandardErrors;
        double sigma = Math.Abs(p[2]);
        const double k = 2.3548200450309493; // 2 sqrt(2 ln 2)
        return new PeakFit(p[1], se[1], k * sigma, k * se[2], p[0], qLo, qHi);
    }

    /// <summary>Per-thread element-pair histogram of the pair distances (both orders of a pair of distinct atoms).</summary>
    private readonly struct PairHistogram(long[] counts, int[] element, int ne, int nb, double inv) : IHalfPairWorker
    {
        public long[] Counts => counts;

        public void Pair(int i, int j, double r2)
        {
            int bin = (int)(Math.Sqrt(r2) * inv);
            if (bin >= nb) { return; }
            int a = element[i], b = element[j];
            counts[(a * ne + b) * nb + bin]++;
            if (i != j) { counts[(b * ne + a) * nb + bin]++; }
        }
    }
}
