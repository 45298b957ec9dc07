using Vitrion.Core;

namespace Vitrion.Learning.Labels;

/// <summary>Options of the Falk–Langer non-affine squared displacement (SCIENCE.md §5).</summary>
/// <param name="Cutoff">neighbour cutoff rc [Å] at the earlier time (default 5.0; all species).</param>
/// <param name="NormaliseByCount">divide by the neighbour count (default true).</param>
public sealed record NonAffineOptions(double Cutoff = 5.0, bool NormaliseByCount = true);

/// <summary>
/// D²min(i; t, Δt) = min_J Σ_j |r_ij(t+Δt) − J r_ij(t)|² (/ n_i), neighbours j within rc of i at t (minimum image).
/// The later separations are r_ij(t) + u_j − u_i with u the displacement of each atom between the two frames
/// (from unwrapped positions when image flags are known, otherwise by minimum image), so atoms crossing the
/// boundary are handled. This is the fallback used until the transport module provides its own Dcum; the
/// definition is the same.
/// </summary>
public static class NonAffineDisplacement
{
    /// <summary>D²min [Å²] of the atoms <paramref name="centres"/> between <paramref name="a"/> and <paramref name="b"/> (NaN when fewer than 3 neighbours or a singular neighbourhood).</summary>
    public static double[] Compute(Frame a, Frame b, int[] centres, NonAffineOptions options)
    {
        if (a.AtomCount != b.AtomCount) { throw new InputException($"frames at steps {a.Step} and {b.Step} hold different numbers of atoms ({a.AtomCount}, {b.AtomCount})"); }
        int n = a.AtomCount;
        var u = new Vec3[n];
        bool unwrapped = (a.Images is not null || a.PositionsAreUnwrapped) && (b.Images is not null || b.PositionsAreUnwrapped);
        for (int i = 0; i < n; i++)
        {
            u[i] = unwrapped ? b.UnwrappedPosition(i) - a.UnwrappedPosition(i) : a.Box.MinimumImage(b.Positions[i] - a.Positions[i]);
        }

        var pos = a.Positions.ToArray();
        var nl = new NeighborList(options.Cutoff, 0, half: false);
        nl.Build(a.Box, pos);
        double rc2 = options.Cutoff * options.Cutoff;
        var result = new double[centres.Length];
        Parallel.For(0, centres.Length, c =>
        {
            int i = centres[c];
            var nb = nl.NeighborsOf(i);
            int off = nl.Offsets[i];
            var d0 = new List<Vec3>(nb.Length);
            var d1 = new List<Vec3>(nb.Length);
            for (int k = 0; k < nb.Length; k++)
            {
                var d = nl.Displacement(pos, i, off + k);
                if (d.NormSquared > rc2 || d.NormSquared == 0) { continue; }
                d0.Add(d);
                d1.Add(d + u[nb[k]] - u[i]);
            }

            result[c] = D2Min(d0, d1, options.NormaliseByCount);
        });
        return result;
    }

    /// <summary>D²min of one neighbourhood: separations <paramref name="d0"/> before and <paramref name="d1"/> after [Å].</summary>
    public static double D2Min(IReadOnlyList<Vec3> d0, IReadOnlyList<Vec3> d1, bool normalise)
    {
        if (d0.Count < 3) { return double.NaN; }
        var x = new double[3, 3];
        var y = new double[3, 3];
        for (int k = 0; k < d0.Count; k++)
        {
            for (int p = 0; p < 3; p++)
            {
                for (int q = 0; q < 3; q++)
                {
                    x[p, q] += d1[k][p] * d0[k][q];
                    y[p, q] += d0[k][p] * d0[k][q];
                }
            }
        }

        var yi = Invert3(y);
        if (yi is null) { return double.NaN; }
        var j = new double[3, 3];
        for (int p = 0; p < 3; p++)
        {
            for (int q = 0; q < 3; q++)
            {
                j[p, q] = x[p, 0] * yi[0, q] + x[p, 1] * yi[1, q] + x[p, 2] * yi[2, q];
            }
        }

        double sum = 0;
        for (int k = 0; k < d0.Count; k++)
        {
            var r0 = d0[k];
            var pred = new Vec3(
                j[0, 0] * r0.X + j[0, 1] * r0.Y + j[0, 2] * r0.Z,
                j[1, 0] * r0.X + j[1, 1] * r0.Y + j[1, 2] * r0.Z,
                j[2, 0] * r0.X + j[2, 1] * r0.Y + j[2, 2] * r0.Z);
            sum += (d1[k] - pred).NormSquared;
        }

        return normalise ? sum / d0.Count : sum;
    }

    private static double[,]? Invert3(double[,] m)
    {
        double a = m[0, 0], b = m[0, 1], c = m[0, 2], d = m[1, 0], e = m[1, 1], f = m[1, 2], g = m[2, 0], h = m[2, 1], k = m[2, 2];
        double det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
        double scale = Math.Abs(a) + Math.Abs(e) + Math.Abs(k);
        if (Math.Abs(det) <= 1e-12 * scale * scale * scale) { return null; }
        double s = 1.0 / det;
        return new[,]
        {
            { (e * k - f * h) * s, (c * h - b * k) * s, (b * f - c * e) * s },
            { (f * g - d * k) * s, (a * k - c * g) * s, (c * d - a * f) * s },
            { (d * h - e * g) * s, (b * g - a * h) * s, (a * e - b * d) * s },
        };
    }
}
