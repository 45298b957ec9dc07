using System.Collections.Immutable;
using Vitrion.Core;

namespace Vitrion.Analysis.Structure;

/// <summary>Options of <see cref="RadialDistribution"/>.</summary>
public sealed record RdfOptions
{
    /// <summary>Largest distance [Å] (bins cover 0..RMax). Default 10 Å.</summary>
    public double RMax { get; init; } = 10.0;

    /// <summary>Number of bins. Default 200.</summary>
    public int Bins { get; init; } = 200;

    /// <summary>Cutoff [Å] of the geometric anion-cluster census used by '@' groups when a frame has no bonds. Default 2.6 Å.</summary>
    public double ClusterCutoff { get; init; } = 2.6;
}

/// <summary>One partial g_AB(r) with its running coordination number.</summary>
/// <param name="A">the central group.</param>
/// <param name="B">the neighbour group.</param>
/// <param name="G">g_AB(r) per bin.</param>
/// <param name="Coordination">running coordination number n_AB(r) = mean number of B within the bin's upper edge of an A.</param>
/// <param name="CountA">mean number of A atoms per frame.</param>
/// <param name="CountB">mean number of B atoms per frame.</param>
public sealed record PartialRdf(string A, string B, ImmutableArray<double> G, ImmutableArray<double> Coordination, double CountA, double CountB)
{
    /// <summary>"A-B".</summary>
    public string Label => A + "-" + B;
}

/// <summary>Result of <see cref="RadialDistribution"/>.</summary>
/// <param name="R">bin centres [Å].</param>
/// <param name="BinWidth">bin width [Å].</param>
/// <param name="Partials">the partials, in the order requested.</param>
/// <param name="Frames">number of frames averaged.</param>
/// <param name="MeanVolume">mean box volume [Å³].</param>
public sealed record RdfResult(ImmutableArray<double> R, double BinWidth, ImmutableArray<PartialRdf> Partials, int Frames, double MeanVolume);

/// <summary>
/// Partial radial distribution functions g_AB(r) and running coordination numbers, averaged over frames, for any
/// groups of atoms (<see cref="AtomSelector"/>, including S grouped by the anion it belongs to). Normalised as
/// LAMMPS <c>compute rdf</c>: g = H / (N_A (N_B − N_AB/N_A) V_shell / V), with N_AB the atoms in both groups, and
/// n(r) = Σ H / N_A (bin upper edges). Periodic images are counted as LAMMPS ghost atoms are, so RMax may exceed
/// half the box. Pairs are counted by a threaded cell-pair search (half stencil, atoms packed by cell) into one
/// histogram per pair of atom categories (an atom's category is its membership in every requested group), so each pair
/// costs one increment whatever the number of partials; the partials are sums of those histograms. No pair list is
/// stored.
/// </summary>
public sealed class RadialDistribution
{
    private readonly (AtomSelector A, AtomSelector B)[] _pairs;
    private readonly long[][] _hist;
    private readonly double[][] _norm;
    private readonly double[] _nA;
    private readonly double[] _nB;
    private double _volume;
    private int _frames;

    /// <summary>Creates the analysis.</summary>
    public RadialDistribution(IEnumerable<(AtomSelector A, AtomSelector B)> pairs, RdfOptions? options = null)
    {
        Options = options ?? new RdfOptions();
        if (!(Options.RMax > 0) || Options.Bins < 1) { throw new ArgumentException("RMax must be positive and Bins at least 1"); }
        _pairs = pairs.ToArray();
        if (_pairs.Length == 0) { throw new ArgumentException("at least one pair is needed", nameof(pairs)); }
        _hist = _pairs.Select(_ => new long[Options.Bins]).ToArray();
        _norm = _pairs.Select(_ => new double[Options.Bins]).ToArray();
        _nA = new double[_pairs.Length];
        _nB = new double[_pairs.Length];
    }

    /// <summary>Convenience: pairs from text ("Li-S,P-S@PS4").</summary>
    public RadialDistribution(string pairs, RdfOptions? options = null) : this(AtomSelector.ParsePairs(pairs), options) { }

    /// <summary>The options.</summary>
    public RdfOptions Options { get; }

    /// <summary>Number of frames added.</summary>
    public int Frames => _frames;

    /// <summary>Adds one frame. <paramref name="clusters"/> overrides the census used for '@' groups.</summary>
    public void Add(Frame frame, AnionClusterResult? clusters = null)
    {
        if (_pairs.Any(p => p.A.NeedsClusters || p.B.NeedsClusters))
        {
            clusters ??= AnionClusters.FromFrame(frame, Options.ClusterCutoff);
        }

        int np = _pairs.Length, nb = Options.Bins;
        var maskA = _pairs.Select(p => p.A.Mask(frame, clusters)).ToArray();
        var maskB = _pairs.Select(p => p.B.Mask(frame, clusters)).ToArray();
        int n = frame.AtomCount;
        // Partials are histogrammed by atom category (the atom's membership in every A and B of a chunk of
        // partials): one increment per pair, into the (category, category) histogram, which is then spread over the
        // partials. A chunk holds as many partials as keep the category table small.
        for (int start = 0; start < np;)
        {
            var catOf = new Dictionary<ulong, int>();
            var catBits = new List<ulong>();
            var category = new int[n];
            int count = 0;
            while (start + count < np && count < 32)
            {
                // Try one more partial; keep it unless the category table would grow too large.
                int m = start + count;
                var trial = new Dictionary<ulong, int>();
                for (int i = 0; i < n; i++)
                {
                    ulong b = Membership(maskA, maskB, start, count, i) | (maskA[m][i] ? 1UL << (2 * count) : 0) | (maskB[m][i] ? 1UL << (2 * count + 1) : 0);
                    if (b != 0) { trial.TryAdd(b, trial.Count); }
                }

                if (count > 0 && (long)trial.Count * trial.Count * nb > 1 << 20) { break; }
                count++;
            }

            var members = new List<int>();
            for (int i = 0; i < n; i++)
            {
                ulong b = Membership(maskA, maskB, start, count, i);
                if (b == 0) { continue; } // an atom in no group of the chunk takes part in no pair
                if (!catOf.TryGetValue(b, out int c)) { c = catOf.Count; catOf.Add(b, c); catBits.Add(b); }
                category[members.Count] = c;
                members.Add(i);
            }

            int nc = catOf.Count;
            if (nc > 0)
            {
                var pos = new Vec3[members.Count];
                for (int k = 0; k < pos.Length; k++) { pos[k] = frame.Positions[members[k]]; }
                // Cells of about half the cutoff (with at least ~3 atoms each): larger cells test more distances,
                // smaller ones visit more (mostly empty) cell pairs.
                double cellSize = Math.Max(Options.RMax / 2, Math.Cbrt(3.0 * frame.Box.Volume / pos.Length));
                var grid = new CellGrid(frame.Box, pos, cellSize);
                long[] h = grid.CategoryHistogram(Options.RMax, category, nc, nb);
                for (int ca = 0; ca < nc; ca++)
                {
                    for (int cb = 0; cb < nc; cb++)
                    {
                        int slot = (ca * nc + cb) * nb;
                        ulong ba = catBits[ca], bb = catBits[cb];
                        for (int m = 0; m < count; m++)
                        {
                            // A visited pair (a, b) is the ordered pairs a→b and b→a: it counts for A_m-B_m once for each
                            // direction whose first atom is in A_m and second in B_m.
                            int s2 = 2 * m;
                            long w = (long)((ba >> s2) & (bb >> (s2 + 1)) & 1) + (long)((bb >> s2) & (ba >> (s2 + 1)) & 1);
                            if (w == 0) { continue; }
                            var dst = _hist[start + m];
                            for (int b = 0; b < nb; b++) { dst[b] += w * h[slot + b]; }
                        }
                    }
                }
            }

            start += count;
        }

        double volume = frame.Box.Volume;
        double dr = Options.RMax / nb;
        double constant = 4.0 * Math.PI / (3.0 * volume);
        for (int m = 0; m < np; m++)
        {
            long na = 0, nbb = 0, dup = 0;
            for (int i = 0; i < n; i++)
            {
                if (maskA[m][i]) { na++; }
                if (maskB[m][i]) { nbb++; }
                if (maskA[m][i] && maskB[m][i]) { dup++; }
            }

            double normfac = na > 0 ? nbb - (double)dup / na : 0;
            for (int b = 0; b < nb; b++)
            {
                double lo = b * dr, hi = (b + 1) * dr;
                _norm[m][b] += constant * (hi * hi * hi - lo * lo * lo) * normfac * na;
            }

            _nA[m] += na;
            _nB[m] += nbb;
        }

        _volume += volume;
        _frames++;
    }

    /// <summary>Membership bits of atom <paramref name="i"/> in the partials start..start+count−1: bit 2m = in A, 2m+1 = in B.</summary>
    private static ulong Membership(bool[][] maskA, bool[][] maskB, int start, int count, int i)
    {
        ulong b = 0;
        for (int m = 0; m < count; m++)
        {
            if (maskA[start + m][i]) { b |= 1UL << (2 * m); }
            if (maskB[start + m][i]) { b |= 1UL << (2 * m + 1); }
        }

        return b;
    }

    /// <summary>Adds every frame of a sequence.</summary>
    public RadialDistribution AddAll(IEnumerable<Frame> frames)
    {
        foreach (var f in frames) { Add(f); }
        return this;
    }

    /// <summary>The averaged result.</summary>
    public RdfResult Result()
    {
        if (_frames == 0) { throw new InvalidOperationException("no frames were added"); }
        int nb = Options.Bins;
        double dr = Options.RMax / nb;
        var partials = new List<PartialRdf>();
        for (int m = 0; m < _pairs.Length; m++)
        {
            var g = new double[nb];
            var cn = new double[nb];
            double run = 0;
            for (int b = 0; b < nb; b++)
            {
                g[b] = _norm[m][b] > 0 ? _hist[m][b] / _norm[m][b] : 0;
                run += _nA[m] > 0 ? _hist[m][b] / _nA[m] : 0;
                cn[b] = run;
            }

            partials.Add(new PartialRdf(_pairs[m].A.Text, _pairs[m].B.Text, [.. g], [.. cn], _nA[m] / _frames, _nB[m] / _frames));
        }

        var r = Enumerable.Range(0, nb).Select(b => (b + 0.5) * dr).ToImmutableArray();
        return new RdfResult(r, dr, [.. partials], _frames, _volume / _frames);
    }
}
